/**
 * One complaint walked from registration to archive in the web client, each leg by the
 * role that does it (see tests/test_tour.py, which chains the legs and checks the database
 * after each of them):
 *
 *   desk        registers it (complainant created on the fly), judges it valid, dispatches it
 *   handler     starts the investigation, logs the customer contact, records the facts and
 *               the root cause, drafts the plan and submits it
 *   deptmanager approves the plan (found through "Awaiting My Approval")
 *   gm          approves the plan (same leg)
 *   desk        records that the customer accepts the plan
 *   handler     records the implementation and marks it implemented
 *   supervisor  passes the result audit
 *   desk        gives the feedback, records the revisit (very satisfied)
 *   deptmanager signs the complete record (the archive sign-off)
 *   desk        archives it
 */

import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const ACTION_URL = "/odoo/action-complaint_management.complaint_complaint_action";
const TOUR_TITLE = "Tour annual card fee charged twice";
const TOUR_COMPLAINANT = "Tour Complainant Sun Li";

// The form of the current action (wizards are rendered in dialogs, outside the action manager).
const FORM = ".o_action_manager .o_form_view";
const MODAL = ".modal:not(.o_inactive_modal)";
// Server round trips (process buttons, saves) on a busy machine: wait longer than the
// default 10 seconds for their result.
const SLOW = 30000;

/** Click a header button of the main form, by its method name. */
function headerButton(name, content) {
    return {
        content,
        trigger: `${FORM} .o_statusbar_buttons button[name="${name}"]:enabled`,
        run: "click",
    };
}

/** Click a header button of the main form that opens a wizard, by its label. */
function wizardButton(label, content) {
    return {
        content,
        trigger: `${FORM} .o_statusbar_buttons button[type="action"]:contains(${label}):enabled`,
        run: "click",
    };
}

/** Wait until the main form's status bar shows ``value`` as the current state. */
function waitState(value, content) {
    return {
        content: content || `the record is now in state ${value}`,
        trigger: `${FORM} .o_statusbar_status button[data-value="${value}"][aria-checked="true"]`,
        timeout: SLOW,
    };
}

/** Save the main form and wait for the save to complete. */
function saveForm() {
    return stepUtils.saveForm().map((step) => ({ ...step, timeout: SLOW }));
}

/** Type ``search`` in a many2one and pick the proposal matching ``label``. */
function pickMany2one(scope, field, search, label) {
    return [
        {
            content: `search ${search} in ${field}`,
            trigger: `${scope} .o_field_widget[name="${field}"] input`,
            run: `edit ${search}`,
        },
        {
            content: `pick ${label}`,
            trigger: `${scope} .o_field_widget[name="${field}"] .o-autocomplete--dropdown-item a:contains(${label})`,
            run: "click",
        },
    ];
}

/** Write ``text`` in an HTML field of the main form. */
function editHtml(field, text) {
    const editable = `${FORM} .o_field_html[name="${field}"] .odoo-editor-editable`;
    return [
        {
            content: `focus ${field} so the editor prepares its first paragraph`,
            trigger: editable,
            run: "click",
        },
        {
            content: `write ${field}`,
            trigger: editable,
            run: `editor ${text}`,
        },
    ];
}

/** Write ``text`` in the note of the open wizard and confirm it. */
function confirmWizard(title, text) {
    const steps = [
        {
            content: `the ${title} wizard is open`,
            trigger: `${MODAL} .modal-title:contains(${title})`,
        },
    ];
    if (text) {
        steps.push({
            content: `write the ${title} note`,
            trigger: `${MODAL} .o_field_widget[name="note"] textarea`,
            run: `edit ${text}`,
        });
    }
    steps.push(
        {
            content: `confirm ${title}`,
            trigger: `${MODAL} .modal-footer button[name="action_confirm"]:enabled`,
            run: "click",
        },
        {
            content: `${title}: the wizard closed`,
            trigger: "body:not(:has(.modal))",
            timeout: SLOW,
        }
    );
    return steps;
}

/** Open the complaint from the list, after adding the search filter ``filterLabel``. */
function openFromList(filterLabel) {
    const steps = [{ content: "the complaint list is shown", trigger: ".o_list_view" }];
    if (filterLabel) {
        steps.push(
            {
                content: "open the filter menu",
                trigger: ".o_searchview_dropdown_toggler",
                run: "click",
            },
            {
                content: `filter on ${filterLabel}`,
                trigger: `.o_filter_menu .o_menu_item:contains(${filterLabel})`,
                run: "click",
            },
            {
                content: "the filter is applied",
                trigger: `.o_searchview_facet:contains(${filterLabel})`,
            },
            {
                content: "close the filter menu",
                trigger: ".o_searchview_dropdown_toggler",
                run: "click",
            }
        );
    }
    steps.push(
        {
            content: "open the complaint",
            trigger: `.o_list_view .o_data_row td.o_data_cell[name="title"]:contains(${TOUR_TITLE})`,
            run: "click",
        },
        {
            content: "the complaint form is open",
            trigger: `${FORM} .o_field_widget[name="title"]`,
            timeout: SLOW,
        }
    );
    return steps;
}

const tours = registry.category("web_tour.tours");

// ---------------------------------------------------------------- 1. desk: register
tours.add("complaint_tour_desk_register", {
    url: ACTION_URL,
    steps: () => [
        { content: "the complaint list is shown", trigger: ".o_list_view" },
        { content: "register a complaint", trigger: ".o_list_button_add", run: "click" },
        {
            content: "subject",
            trigger: `${FORM} .o_field_widget[name="title"] input`,
            run: `edit ${TOUR_TITLE}`,
        },
        {
            content: "type the complainant's name",
            trigger: `${FORM} .o_field_widget[name="partner_id"] input`,
            run: `edit ${TOUR_COMPLAINANT}`,
        },
        {
            content: "create the complainant on the fly",
            trigger: `${FORM} .o_field_widget[name="partner_id"] .o_m2o_dropdown_option_create a`,
            run: "click",
        },
        {
            content: "the complainant is set",
            trigger: `${FORM} .o_field_widget[name="partner_id"] input:value(${TOUR_COMPLAINANT})`,
        },
        {
            content: "contact phone",
            trigger: `${FORM} .o_field_widget[name="partner_phone"] input`,
            run: "edit 13800000099",
        },
        ...pickMany2one(FORM, "channel_id", "Phone", "/^Phone$/"),
        ...pickMany2one(FORM, "category_id", "Fees", "Fees and Billing"),
        {
            content: "what the customer asks for",
            trigger: `${FORM} .o_field_widget[name="customer_demand"] textarea`,
            run: "edit Refund the second fee.",
        },
        ...editHtml("description", "The annual fee of my platinum card was charged twice."),
        ...saveForm(),
        {
            content: "the complaint got its reference",
            trigger: `${FORM} .o_field_widget[name="name"]:contains(/TS\\d{4}-\\d{5}/)`,
        },
        waitState("new", "the complaint is registered"),
        headerButton("action_confirm_valid", "judge the complaint valid"),
        {
            content: "the complaint is valid: it may be dispatched",
            trigger: `${FORM} .o_statusbar_buttons button[type="action"]:contains(Dispatch):enabled`,
        },
        wizardButton("Dispatch", "dispatch the complaint"),
        { content: "the dispatch wizard is open", trigger: `${MODAL} .modal-title:contains(Dispatch)` },
        {
            content: "the category's department (Operations) is proposed",
            trigger: `${MODAL} .o_field_widget[name="department_id"] input:value(/营业部 Operations$/)`,
        },
        ...pickMany2one(MODAL, "handler_id", "Li Qiang", "Li Qiang"),
        {
            content: "instructions for the department",
            trigger: `${MODAL} .o_field_widget[name="note"] textarea`,
            run: "edit Please call the customer today.",
        },
        ...confirmWizard("Dispatch"),
        waitState("dispatched", "the complaint is dispatched"),
        {
            content: "the desk does not investigate: that is the department's button",
            trigger: `${FORM} .o_form_statusbar:not(:has(button[name="action_start_investigation"]))`,
        },
        {
            content: "open the Investigation tab",
            trigger: `${FORM} .o_notebook .nav-link[name="investigation"]`,
            run: "click",
        },
        {
            content: "the handler is shown",
            trigger: `${FORM} .o_field_widget[name="handler_id"]:contains(Li Qiang)`,
        },
    ],
});

// ---------------------------------------------------------------- 2. handler: investigate, plan
tours.add("complaint_tour_handler_investigate", {
    // Started on the complaint's own URL (a tour url would redirect away from it).
    steps: () => [
        waitState("dispatched", "the complaint waits for the department"),
        headerButton("action_start_investigation", "start the investigation"),
        waitState("investigating"),
        wizardButton("Log Customer Contact", "log the first contact with the customer"),
        ...confirmWizard(
            "Log Customer Contact",
            "Called Mr Sun, apologised and confirmed the double charge."
        ),
        {
            content: "open the Investigation tab",
            trigger: `${FORM} .o_notebook .nav-link[name="investigation"]`,
            run: "click",
        },
        {
            content: "the contact is recorded",
            trigger: `${FORM} .o_field_widget[name="contact_note"]:contains(confirmed the double charge)`,
        },
        ...editHtml("facts_found", "The annual fee batch ran twice on the same day."),
        {
            content: "root cause",
            trigger: `${FORM} .o_field_widget[name="root_cause"] textarea`,
            run: "edit The batch job may be re-run without a guard.",
        },
        ...saveForm(),
        headerButton("action_new_plan", "draft the solution plan"),
        {
            content: "the plan form is open",
            trigger: `${FORM} .o_field_widget[name="complaint_id"]`,
            timeout: SLOW,
        },
        waitState("draft", "the plan is a draft"),
        {
            content: "the handler is proposed as the person responsible",
            trigger: `${FORM} .o_field_widget[name="responsible_id"] input:value(/Li Qiang/)`,
        },
        {
            content: "due date",
            trigger: `${FORM} .o_field_widget[name="date_due"] input`,
            run: `edit ${luxon.DateTime.now().plus({ days: 7 }).toFormat("MM/dd/yyyy")} && press Escape`,
        },
        ...editHtml("measures", "Refund the second fee and apologise in writing."),
        {
            content: "submit the plan for approval",
            trigger: `${FORM} .o_statusbar_buttons button[name="action_submit"]:enabled`,
            run: "click",
        },
        waitState("to_approve", "the plan awaits approval"),
        {
            content: "the approval chain is shown",
            trigger: `${FORM} .o_field_widget[name="approval_ids"] .o_data_row:contains(Zhang Wei)`,
        },
        {
            content: "back to the complaint",
            trigger: ".o_breadcrumb .breadcrumb-item.o_back_button",
            run: "click",
        },
        waitState("approval", "the complaint waits for the plan approval"),
        {
            content: "the handler does not approve his own plan",
            trigger: `${FORM} .o_form_statusbar:not(:has(button[name="action_approve_plan"]))`,
        },
    ],
});

// ---------------------------------------------------------------- 3. approvers
tours.add("complaint_tour_approve_plan", {
    url: ACTION_URL,
    steps: () => [
        ...openFromList("Awaiting My Approval"),
        waitState("approval", "the complaint waits for a plan approval"),
        headerButton("action_approve_plan", "approve the plan"),
        {
            content: "my approval is given: the button is gone",
            trigger: `${FORM} .o_form_statusbar:not(:has(button[name="action_approve_plan"]))`,
        },
        {
            content: "my approval is in the chatter",
            trigger: `.o-mail-Message:contains(approved by ${user.name})`,
        },
    ],
});

// ---------------------------------------------------------------- 4. desk: customer decision
tours.add("complaint_tour_desk_customer_accept", {
    // Started on the complaint's own URL (a tour url would redirect away from it).
    steps: () => [
        waitState("customer", "the plan is put to the customer"),
        headerButton("action_customer_accept", "the customer accepts the plan"),
        waitState("implementing"),
    ],
});

// ---------------------------------------------------------------- 5. handler: implement
tours.add("complaint_tour_handler_implement", {
    // Started on the complaint's own URL (a tour url would redirect away from it).
    steps: () => [
        waitState("implementing", "the department implements the plan"),
        {
            content: "open the Implementation tab",
            trigger: `${FORM} .o_notebook .nav-link[name="implementation"]`,
            run: "click",
        },
        {
            content: "implementation",
            trigger: `${FORM} .o_field_widget[name="implementation_note"] textarea`,
            run: "edit Second fee refunded; written apology sent.",
        },
        {
            content: "rectification measures",
            trigger: `${FORM} .o_field_widget[name="rectification"] textarea`,
            run: "edit Batch job now refuses to run twice a day.",
        },
        {
            content: "handling of responsible persons",
            trigger: `${FORM} .o_field_widget[name="accountability_note"] textarea`,
            run: "edit Operator reminded of the re-run procedure.",
        },
        headerButton("action_mark_implemented", "mark the plan implemented"),
        waitState("audit", "the result goes to the supervisors' audit"),
    ],
});

// ---------------------------------------------------------------- 6. supervisor: audit
tours.add("complaint_tour_supervisor_audit", {
    // Started on the complaint's own URL (a tour url would redirect away from it).
    steps: () => [
        waitState("audit", "the result waits for the audit"),
        wizardButton("Audit Passed", "the result is fair"),
        ...confirmWizard("Audit Passed", "Refund and rectification are adequate."),
        waitState("feedback"),
    ],
});

// ---------------------------------------------------------------- 7. desk: feedback to archive
tours.add("complaint_tour_desk_close", {
    // Started on the complaint's own URL (a tour url would redirect away from it).
    steps: () => [
        waitState("feedback", "the result is to be told to the customer"),
        wizardButton("Give Feedback", "give the feedback"),
        ...confirmWizard(
            "Give Feedback",
            "Told Mr Sun the fee was refunded and the batch job fixed."
        ),
        waitState("revisit"),
        wizardButton("Record Revisit", "record the revisit"),
        { content: "the revisit wizard is open", trigger: `${MODAL} .modal-title:contains(Record Revisit)` },
        {
            content: "the customer is very satisfied",
            trigger: `${MODAL} .o_field_widget[name="satisfaction"] input[data-value="5"]`,
            run: "click",
        },
        {
            content: "a satisfied customer closes the complaint",
            trigger: `${MODAL} .o_field_widget[name="outcome"] input[data-value="close"]:checked`,
        },
        {
            content: "the customer's comments",
            trigger: `${MODAL} .o_field_widget[name="comment"] textarea`,
            run: "edit Thanks for the quick refund.",
        },
        {
            content: "record the revisit",
            trigger: `${MODAL} .modal-footer button[name="action_confirm"]:enabled`,
            run: "click",
        },
        { content: "the revisit wizard closed", trigger: "body:not(:has(.modal))", timeout: SLOW },
        waitState("closed"),
        {
            content: "the record awaits the department head's signature",
            trigger: `${FORM} .alert-info:contains(signed by the head of the responsible department)`,
        },
        {
            content: "the desk does not sign it",
            trigger: `${FORM} .o_form_statusbar:not(:has(button[name="action_sign_record"]))`,
        },
    ],
});

// ---------------------------------------------------------------- 8. department head: sign-off
tours.add("complaint_tour_sign_record", {
    // Started on the complaint's own URL.
    steps: () => [
        waitState("closed", "the complaint is closed"),
        headerButton("action_sign_record", "sign the complete record"),
        {
            content: "confirm the signature",
            trigger: `${MODAL}:contains(Sign it?) .modal-footer .btn-primary`,
            run: "click",
        },
        {
            content: "the record is signed: the sign button is gone",
            trigger: `${FORM} .o_form_statusbar:not(:has(button[name="action_sign_record"]))`,
            timeout: SLOW,
        },
    ],
});

// ---------------------------------------------------------------- 9. desk: archive
tours.add("complaint_tour_desk_archive", {
    // Started on the complaint's own URL.
    steps: () => [
        waitState("closed", "the complaint is closed and its record signed"),
        headerButton("action_archive_complaint", "archive the complaint"),
        {
            content: "confirm the archiving",
            trigger: `${MODAL}:contains(Archive it?) .modal-footer .btn-primary`,
            run: "click",
        },
        waitState("archived"),
        {
            content: "the archived ribbon is shown",
            trigger: `${FORM} .ribbon:contains(Archived)`,
        },
        {
            content: "nothing can be done any more",
            trigger: `${FORM} .o_form_statusbar:not(:has(button[name="action_archive_complaint"]))`,
        },
    ],
});
