package io.q2o.demo;

import io.q2o.coder.CodeComponent;
import io.q2o.coder.Language;
import io.q2o.coder.Task;

import java.util.List;

/**
 * The plan's "Real-World Tests": three tasks for which the CoderAgent has no template, so it must
 * use the LLM (strategy LLM), validate and write the result.
 */
final class RealWorldTasks {
    private RealWorldTasks() {
    }

    static final Task STRIPE = Task.builder().id("rw_stripe_integration").title("Stripe payments integration")
            .description("Typed Python service over the official stripe library: create customers, create payment "
                    + "intents with idempotency keys, refund payments fully or partly, and translate Stripe errors "
                    + "into one exception type that says whether a retry may help")
            .techStack("Python", "Stripe", "Pydantic")
            .component(CodeComponent.builder().name("Stripe payments service").outputPath("payments/stripe_payments.py")
                    .language(Language.PYTHON)
                    .description("StripePayments class with create_customer, create_payment and refund; Pydantic input "
                            + "models; PaymentError with a retryable flag; API key from STRIPE_API_KEY")
                    .requiredElements("StripePayments", "create_payment", "refund").build())
            .build();

    static final Task XERO = Task.builder().id("rw_xero_client").title("Xero API client")
            .description("Client for the Xero Accounting API: OAuth 2.0 client-credentials tokens refreshed before "
                    + "they expire, the Xero-Tenant-Id header, list and create invoices, find contacts by e-mail, and "
                    + "HTTP 429 handled with Retry-After")
            .techStack("Python", "httpx", "Pydantic")
            .component(CodeComponent.builder().name("Xero accounting client").outputPath("integrations/xero_client.py")
                    .language(Language.PYTHON)
                    .description("XeroClient class with list_invoices, create_invoice and find_contact; InvoiceIn and "
                            + "LineItem Pydantic models; credentials from XERO_CLIENT_ID and XERO_CLIENT_SECRET")
                    .requiredElements("XeroClient", "list_invoices", "create_invoice").build())
            .build();

    static final Task GRAPHQL = Task.builder().id("rw_graphql_schema").title("GraphQL schema for products and orders")
            .description("GraphQL schema of a small shop: Product, Order and OrderLine types, a products query with "
                    + "pagination, an order query, placeOrder and cancelOrder mutations with validated input and "
                    + "stock reservation")
            .techStack("Python", "Strawberry GraphQL")
            .component(CodeComponent.builder().name("Shop GraphQL schema").outputPath("api/graphql_schema.py")
                    .language(Language.PYTHON)
                    .description("Strawberry types, Query and Mutation classes and the schema object; an in-memory "
                            + "repository behind them")
                    .requiredElements("Query", "Mutation", "schema").build())
            .build();

    static final List<Task> ALL = List.of(STRIPE, XERO, GRAPHQL);
}
