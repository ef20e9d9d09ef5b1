/**
 * The supervisor opens the Complaints app, which opens on the dashboard, and clicks
 * through its figures: each opens exactly the complaints it counts (see
 * tests/test_dashboard.py).
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const DASHBOARD = ".o_action_manager .o_complaint_dashboard";
// Database work on a busy machine: wait longer than the default 10 seconds.
const SLOW = 30000;

/** Read the value of a figure, open the complaints behind it, count them, come back. */
function clickThrough(figure, description) {
    let expected = null;
    return [
        {
            content: `read the figure: ${description}`,
            trigger: `${DASHBOARD} [data-figure="${figure}"]`,
            timeout: SLOW,
            run(helpers) {
                const value = helpers.anchor.querySelector(".o_complaint_figure_value");
                expected = parseInt((value || helpers.anchor).textContent.trim(), 10);
                if (!(expected > 0)) {
                    throw new Error(`the demo data should give ${figure} a count, not ${expected}`);
                }
            },
        },
        {
            content: `open the complaints behind it: ${description}`,
            trigger: `${DASHBOARD} [data-figure="${figure}"]`,
            run: "click",
        },
        {
            content: "the complaints list is shown",
            trigger: ".o_action_manager .o_list_view .o_data_row",
            timeout: SLOW,
            run() {
                const rows = document.querySelectorAll(".o_action_manager .o_list_view .o_data_row");
                if (rows.length !== expected) {
                    throw new Error(`${figure}: the figure says ${expected}, the list shows ${rows.length}`);
                }
            },
        },
        {
            content: "back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            content: "the dashboard is back",
            trigger: `${DASHBOARD} [data-figure="open"]`,
            timeout: SLOW,
        },
    ];
}

registry.category("web_tour.tours").add("complaint_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "open the Complaints app",
            trigger: '.o_app[data-menu-xmlid="complaint_management.complaint_menu_root"]',
            run: "click",
        },
        {
            content: "the supervisor's first screen is the dashboard",
            trigger: `${DASHBOARD} [data-section="open"]`,
            timeout: SLOW,
        },
        {
            content: "it compares this month with last month",
            trigger: `${DASHBOARD} .o_complaint_dashboard_months tbody tr`,
        },
        {
            content: "it lists the departments",
            trigger: `${DASHBOARD} .o_complaint_dashboard_departments tbody tr`,
        },
        ...clickThrough("open", "open complaints"),
        ...clickThrough("state_0", "registered complaints"),
        ...clickThrough("department_0_open", "open complaints of the busiest department"),
        {
            content: "refresh the figures",
            trigger: `${DASHBOARD} .o_complaint_dashboard_refresh`,
            run: "click",
        },
        {
            content: "the figures are shown again",
            trigger: `${DASHBOARD} [data-figure="open"] .o_complaint_figure_value`,
        },
    ],
});
