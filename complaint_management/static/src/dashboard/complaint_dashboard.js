/**
 * The supervisors' dashboard (SPEC.md "Supervision"): every figure comes from one
 * read-only call, complaint.dashboard.get_dashboard_data, with the domain of the
 * complaints behind it; clicking a figure opens those complaints.
 */

import { Component, onWillStart, useState, useSubEnv } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useSetupAction } from "@web/search/action_hook";
import { Layout } from "@web/search/layout";
import { getDefaultConfig } from "@web/views/view";

export class ComplaintDashboard extends Component {
    static template = "complaint_management.ComplaintDashboard";
    static components = { Layout };
    static props = ["*"];

    setup() {
        useSubEnv({ config: { ...getDefaultConfig(), ...this.env.config } });
        useSetupAction();
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("complaint.dashboard", "get_dashboard_data", []);
    }

    /** A figure as shown: counts as they are, rates with %, a dash when not applicable. */
    format(value, kind) {
        if (value === null || value === undefined || value === false) {
            return "—";
        }
        if (kind === "rate") {
            return `${value.toFixed(1)} %`;
        }
        return Number.isInteger(value) ? String(value) : value.toFixed(1);
    }

    /** Open the complaints behind ``figure``. */
    open(figure, context = "") {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: context ? `${context}: ${figure.label}` : figure.label,
            res_model: "complaint.complaint",
            domain: figure.domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            context: {},
        });
    }
}

registry.category("actions").add("complaint_management.dashboard", ComplaintDashboard);
