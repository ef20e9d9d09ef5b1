/**
 * The customer's side in the browser (see tests/test_portal_tour.py, which does the back
 * office's steps in Python between the legs and checks the database after each):
 *
 *   customer    opens the complaint from /my/complaints and refuses the proposed plan
 *   (back office: the department drafts a new plan, the approvers approve it)
 *   customer    accepts the new plan
 *   (back office: implementation, audit, feedback)
 *   customer    rates the handling (satisfied), which closes the complaint
 */

import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");
const TOUR_TITLE = "Tour portal card fee charged twice";

/** From the list of /my/complaints, open the tour's complaint. */
function openComplaint() {
    return [
        { content: "the customer's complaints are listed", trigger: ".o_portal_complaint_row" },
        {
            content: "open the complaint",
            trigger: `.o_portal_complaint_row a:contains(${TOUR_TITLE})`,
            run: "click",
            expectUnloadPage: true,
        },
        { content: "the complaint's page is shown", trigger: `h3.o_complaint_title:contains(${TOUR_TITLE})` },
    ];
}

tours.add("complaint_portal_tour_refuse_plan", {
    url: "/my/complaints",
    steps: () => [
        ...openComplaint(),
        {
            content: "the state is told in plain words",
            trigger: ".o_complaint_portal_state:contains(Awaiting your answer to our proposal)",
        },
        {
            content: "the proposal is shown",
            trigger: '.o_complaint_plan[data-version="1"]:contains(Refund the second fee.)',
        },
        {
            content: "say why the proposal does not suit",
            trigger: '.o_complaint_plan[data-version="1"] .o_complaint_refuse_form textarea',
            run: "edit I want the fee refunded in cash, not as a voucher.",
        },
        {
            content: "refuse the proposal",
            trigger: '.o_complaint_plan[data-version="1"] .o_complaint_refuse_plan',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the refusal is confirmed",
            trigger: ".o_complaint_done:contains(will propose another solution)",
        },
        {
            content: "the proposal is marked refused",
            trigger: '.o_complaint_plan[data-version="1"] .badge:contains(Refused)',
        },
    ],
});

tours.add("complaint_portal_tour_accept_plan", {
    url: "/my/complaints",
    steps: () => [
        ...openComplaint(),
        {
            content: "the new proposal waits for an answer",
            trigger: '.o_complaint_plan[data-version="2"] .badge:contains(Awaiting your answer)',
        },
        {
            content: "the refused one is still shown",
            trigger: '.o_complaint_plan[data-version="1"] .badge:contains(Refused)',
        },
        {
            content: "accept the new proposal",
            trigger: '.o_complaint_plan[data-version="2"] .o_complaint_accept_plan',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the acceptance is confirmed",
            trigger: ".o_complaint_done:contains(you accepted our proposal)",
        },
        {
            content: "the solution is being carried out",
            trigger: ".o_complaint_portal_state:contains(The solution is being carried out)",
        },
    ],
});

tours.add("complaint_portal_tour_rate", {
    url: "/my/complaints",
    steps: () => [
        ...openComplaint(),
        {
            content: "our answer is shown",
            trigger: ".o_complaint_answer:contains(refunded in cash)",
        },
        {
            content: "satisfied",
            trigger: '.o_complaint_revisit_form input[name="satisfaction"][value="4"]',
            run: "click",
        },
        {
            content: "a comment",
            trigger: '.o_complaint_revisit_form textarea[name="comment"]',
            run: "edit Solved in the end, thank you.",
        },
        {
            content: "send the answer",
            trigger: ".o_complaint_send_rating",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "the rating is confirmed", trigger: ".o_complaint_done:contains(Thank you for rating)" },
        { content: "the complaint is closed", trigger: ".o_complaint_portal_state:contains(Closed)" },
    ],
});
