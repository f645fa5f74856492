package io.q2o.coder.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

import java.util.function.UnaryOperator;

/** A Jinjava filter applying one {@link NameCase} conversion; {@code null} renders as empty. */
final class CaseFilter implements Filter {
    private final String name;
    private final UnaryOperator<String> conversion;

    CaseFilter(String name, UnaryOperator<String> conversion) {
        this.name = name;
        this.conversion = conversion;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return var == null ? "" : conversion.apply(var.toString());
    }
}
