package dev.hadirector.testkit;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method (or {@code @BeforeEach}/{@code @AfterEach}, which share it) a fresh {@link NetLab} parameter and
 * closes it after the test, passed or failed. Skips the test (fails it under {@code CI=true}) where namespaces are
 * missing.
 *
 * <pre>{@code
 * @ExtendWith(NetLabExtension.class)
 * class VrrpNetnsTest {
 *     @Test
 *     void advertises(NetLab lab) { lab.host("r1"); ... }
 * }
 * }</pre>
 */
public final class NetLabExtension implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NetLabExtension.class);

    /**
     * Checks the rig before any parameter is resolved: JUnit reports an exception from parameter resolution as a
     * failure, but one from a callback as what it is, here an abort.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        Rig.requireNetns();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        return parameter.getParameter().getType() == NetLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        // Stored per test: JUnit closes the resource when the test's context ends, after @AfterEach.
        return context.getStore(STORE).getOrComputeIfAbsent("lab", key -> new ClosingLab(NetLab.create()), ClosingLab.class).lab();
    }

    private record ClosingLab(NetLab lab) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            lab.close();
        }
    }
}
