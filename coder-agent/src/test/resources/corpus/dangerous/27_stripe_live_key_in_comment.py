# expected-rule: security.secret.stripe
import os

import stripe

# temporary: sk_live_51Hx7Qp2Lm9Vt3Rb6Nc8Wz1Kd4Ys0Ga
stripe.api_key = os.environ["STRIPE_API_KEY"]
