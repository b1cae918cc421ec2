package dev.deephavencdi.quarkus.deployment;

import dev.deephavencdi.quarkus.runtime.devui.DeephavenDevUiJsonRpcService;
import dev.deephavencdi.server.ServerStats;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.buildtime.BuildTimeActionBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.jandex.DotName;

/**
 * The Dev UI card: published tickets, sessions and their targets (answered by the application's
 * {@link DeephavenDevUiJsonRpcService}) and the Dev Service's statistics (answered here, on the deployment side,
 * where that server runs), plus a link to the ticket endpoints when the application serves them.
 */
class DeephavenDevUiProcessor {
    private static final DotName TICKETS_RESOURCE = DotName.createSimple("dev.deephavencdi.rest.TicketsResource");

    @BuildStep(onlyIf = IsDevelopment.class)
    CardPageBuildItem card(CombinedIndexBuildItem index) {
        CardPageBuildItem card = new CardPageBuildItem();
        card.addPage(Page.webComponentPageBuilder()
                .title("Published tickets")
                .icon("font-awesome-solid:table")
                .componentLink("qwc-deephaven-cdi.js"));
        if (index.getIndex().getClassByName(TICKETS_RESOURCE) != null) {
            card.addPage(Page.externalPageBuilder("Ticket endpoints")
                    .icon("font-awesome-solid:link")
                    .url("/deephaven/tickets")
                    .isJsonContent());
        }
        return card;
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    JsonRPCProvidersBuildItem jsonRpcService() {
        return new JsonRPCProvidersBuildItem(DeephavenDevUiJsonRpcService.class);
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    BuildTimeActionBuildItem serverStatistics() {
        BuildTimeActionBuildItem actions = new BuildTimeActionBuildItem();
        actions.addAction("getServerStatistics", parameters -> statistics());
        return actions;
    }

    /** @return the running Dev Service's figures, or {@code running: false} when sessions use another server */
    static Map<String, Object> statistics() {
        Map<String, Object> answer = new LinkedHashMap<>();
        EmbeddedServerStartable.runningTarget().ifPresentOrElse(target -> {
            answer.put("running", true);
            answer.put("target", target);
        }, () -> answer.put("running", false));
        EmbeddedServerStartable.runningStatistics().ifPresent((ServerStats stats) -> {
            answer.put("sessions", stats.sessions());
            answer.put("exports", stats.exports());
            answer.put("sharedTickets", stats.sharedTickets());
            answer.put("subscriptions", stats.subscriptions());
        });
        return answer;
    }
}
