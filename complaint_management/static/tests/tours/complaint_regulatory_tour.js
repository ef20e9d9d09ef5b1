/**
 * The regulator's floor in the web client, on the demo bank (see
 * tests/test_tour_regulatory.py, which chains the legs and checks the database after each):
 *
 *   desk (English)   checks the identity, decides the demand, sends the decision letter,
 *                    then records the complainant's request for a review
 *   gm (Chinese)     answers the review: the decision is changed, the plan re-opened
 *   handler (Chinese) extends the time limit of a complex case
 *   desk (English)   records a withdrawal
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const FORM = ".o_action_manager .o_form_view";
const MODAL = ".modal:not(.o_inactive_modal)";
const SLOW = 30000;

/** Click a header button of the main form that opens a wizard, by its label. */
function wizardButton(label) {
    return {
        content: `open ${label}`,
        trigger: `${FORM} .o_statusbar_buttons button[type="action"]:contains(${label}):enabled`,
        run: "click",
    };
}

/** Fill the open wizard's note (if any) and confirm it. */
function confirmWizard(note, extraSteps = []) {
    const steps = [{ content: "the wizard is open", trigger: `${MODAL} .modal-footer` }, ...extraSteps];
    if (note) {
        steps.push({
            content: "write the note",
            trigger: `${MODAL} .o_field_widget[name="note"] textarea`,
            run: `edit ${note}`,
        });
    }
    steps.push(
        {
            content: "confirm",
            trigger: `${MODAL} .modal-footer button[name="action_confirm"]:enabled`,
            run: "click",
        },
        { content: "the wizard closed", trigger: "body:not(:has(.modal))", timeout: SLOW }
    );
    return steps;
}

function formOpen() {
    return { content: "the complaint form is open", trigger: `${FORM} .o_field_widget[name="title"]`, timeout: SLOW };
}

const tours = registry.category("web_tour.tours");

// ---------------------------------------------------------------- desk: decision letter, review
tours.add("complaint_regulatory_tour_desk_decision", {
    steps: () => [
        formOpen(),
        {
            content: "record how the identity was checked",
            trigger: `${FORM} .o_field_widget[name="identity_method"] select`,
            run: "selectByLabel Identity Document Checked",
        },
        {
            content: "open the demand line",
            trigger: `${FORM} .o_field_widget[name="demand_ids"] .o_data_row:first .o_data_cell[name="decision"]`,
            run: "click",
        },
        {
            content: "the demand is upheld",
            trigger: `${FORM} .o_field_widget[name="demand_ids"] .o_selected_row .o_field_widget[name="decision"] select`,
            run: "selectByLabel Partly Upheld",
        },
        {
            content: "what is decided",
            trigger: `${FORM} .o_field_widget[name="demand_ids"] .o_selected_row .o_field_widget[name="decision_note"] textarea`,
            run: "edit A priority queue for account opening; no compensation.",
        },
        {
            content: "and on what basis",
            trigger: `${FORM} .o_field_widget[name="demand_ids"] .o_selected_row .o_field_widget[name="basis"] textarea`,
            run: "edit The branch's queue records of that day; the service charter.",
        },
        ...stepUtils.saveForm().map((step) => ({ ...step, timeout: SLOW })),
        wizardButton("Send Decision Letter"),
        ...confirmWizard(false, [
            {
                content: "sent by email",
                trigger: `${MODAL} .o_field_widget[name="channel"] select`,
                run: "selectByLabel Email",
            },
        ]),
        {
            content: "the decision reached the complainant on time",
            trigger: `${FORM} .o_field_widget[name="regulatory_status"]:contains(Decided on Time)`,
            timeout: SLOW,
        },
        wizardButton("Request Review"),
        ...confirmWizard("The customer asks head office to look again at the waiting time."),
        {
            content: "the review is under way",
            trigger: `${FORM} .o_notebook .nav-link[name="regulatory"]`,
            run: "click",
        },
        {
            content: "the review is listed",
            trigger: `${FORM} .o_field_widget[name="review_ids"] .o_data_row`,
        },
    ],
});

// ---------------------------------------------------------------- gm (中文): answer the review
tours.add("complaint_regulatory_tour_gm_review", {
    steps: () => [
        formOpen(),
        wizardButton("答复核查"),
        ...confirmWizard("排队记录显示等候时间超过承诺，决定予以补偿。", [
            {
                content: "change the decision",
                trigger: `${MODAL} .o_field_widget[name="outcome"] input[data-value="changed"]`,
                run: "click",
            },
        ]),
        {
            content: "the plan is re-opened",
            trigger: `${FORM} .o_statusbar_status button[data-value="investigating"][aria-checked="true"]`,
            timeout: SLOW,
        },
    ],
});

// ---------------------------------------------------------------- handler (中文): extend
tours.add("complaint_regulatory_tour_handler_extend", {
    steps: () => [
        formOpen(),
        wizardButton("延长处理期限"),
        ...confirmWizard("需调取柜台监控录像并与收款行核对，情况复杂。"),
        {
            content: "the extension is listed",
            trigger: `${FORM} .o_notebook .nav-link[name="regulatory"]`,
            run: "click",
        },
        {
            content: "one extension, granted",
            trigger: `${FORM} .o_field_widget[name="extension_ids"] .o_data_row`,
        },
    ],
});

// ---------------------------------------------------------------- desk: withdrawal
tours.add("complaint_regulatory_tour_desk_withdraw", {
    steps: () => [
        formOpen(),
        wizardButton("Withdrawal"),
        ...confirmWizard("The card was returned; the customer withdraws the complaint.", [
            {
                content: "received by phone",
                trigger: `${MODAL} .o_field_widget[name="channel"] select`,
                run: "selectByLabel Phone",
            },
        ]),
        {
            content: "the complaint is closed",
            trigger: `${FORM} .o_statusbar_status button[data-value="closed"][aria-checked="true"]`,
            timeout: SLOW,
        },
        {
            content: "as withdrawn",
            trigger: `${FORM} .ribbon:contains(Withdrawn)`,
        },
    ],
});
