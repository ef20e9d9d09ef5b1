/**
 * The supervisor sees the open early warnings on the dashboard and opens the complaints
 * behind one (see tests/test_early_warning.py).
 */

import { registry } from "@web/core/registry";

const DASHBOARD = ".o_action_manager .o_complaint_dashboard";
const SLOW = 30000;

registry.category("web_tour.tours").add("complaint_warning_tour", {
    steps: () => [
        {
            content: "the early warnings are on the dashboard",
            trigger: `${DASHBOARD} [data-section="warnings"] [data-figure="warning_0"]`,
            timeout: SLOW,
            run: "click",
        },
        {
            content: "the complaints behind the warning open",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
            timeout: SLOW,
        },
        {
            content: "exactly those",
            trigger: ".o_list_view",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                if (rows !== 2) {
                    throw new Error(`the warning has 2 complaints, the list shows ${rows}`);
                }
            },
        },
    ],
});
