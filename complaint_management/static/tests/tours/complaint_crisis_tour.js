/**
 * The compliance officer, a lead of the crisis team who decides public statements, opens the crisis of a level-1 complaint from
 * the complaint's form, approves the media statement another lead drafted and releases it
 * (see tests/test_crisis_tour.py, which checks the database afterwards).
 */

import { registry } from "@web/core/registry";

const FORM = ".o_action_manager .o_form_view";
const STATEMENTS = `${FORM} .o_field_widget[name="statement_ids"]`;
// Server round trips on a busy machine: wait longer than the default 10 seconds.
const SLOW = 30000;

registry.category("web_tour.tours").add("complaint_crisis_tour", {
    steps: () => [
        {
            content: "the level-1 complaint shows its crisis",
            trigger: `${FORM} button[name="action_view_crisis"]`,
            timeout: SLOW,
            run: "click",
        },
        {
            content: "the crisis opens",
            trigger: `${FORM} .o_statusbar_status button[data-value="open"][aria-checked="true"]`,
            timeout: SLOW,
        },
        {
            content: "open its media statements",
            trigger: `${FORM} .o_notebook .nav-link:contains(Media Statements)`,
            run: "click",
        },
        {
            content: "approve the statement the general manager drafted",
            trigger: `${STATEMENTS} .o_data_row button[name="action_approve"]`,
            timeout: SLOW,
            run: "click",
        },
        {
            content: "release the approved statement",
            trigger: `${STATEMENTS} .o_data_row button[name="action_release"]`,
            timeout: SLOW,
            run: "click",
        },
        {
            content: "the statement is released",
            trigger: `${STATEMENTS} .o_data_row td[name="state"]:contains(Released)`,
            timeout: SLOW,
        },
    ],
});
