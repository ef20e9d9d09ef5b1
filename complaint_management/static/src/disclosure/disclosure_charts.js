/**
 * The disclosure's charts (年度消费投诉情况): shares by business category and by cause, and
 * the monthly trend, drawn from its stored figures with the Chart.js bundle Odoo ships
 * (web/static/lib/Chart), as the graph view loads it.
 */

import { Component, onMounted, onWillStart, onWillUnmount, useRef } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const COLORS = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a",
];

export class DisclosureCharts extends Component {
    static template = "complaint_management.DisclosureCharts";
    static props = { ...standardFieldProps };

    setup() {
        this.category = useRef("category");
        this.cause = useRef("cause");
        this.trend = useRef("trend");
        this.charts = [];
        onWillStart(() => loadBundle("web.chartjs_lib"));
        onMounted(() => this.draw());
        onWillUnmount(() => this.charts.forEach((chart) => chart.destroy()));
    }

    get data() {
        return this.props.record.data[this.props.name] || { category: [], cause: [], months: [] };
    }

    pie(ref, rows) {
        return new window.Chart(ref.el, {
            type: "doughnut",
            data: {
                labels: rows.map((row) => row.label),
                datasets: [
                    {
                        data: rows.map((row) => row.value),
                        backgroundColor: rows.map((_row, i) => COLORS[i % COLORS.length]),
                    },
                ],
            },
            options: { plugins: { legend: { position: "right" } }, animation: false },
        });
    }

    draw() {
        const data = this.data;
        this.charts.push(this.pie(this.category, data.category || []));
        this.charts.push(this.pie(this.cause, data.cause || []));
        this.charts.push(
            new window.Chart(this.trend.el, {
                type: "bar",
                data: {
                    labels: Array.from({ length: 12 }, (_v, i) => String(i + 1)),
                    datasets: [
                        {
                            label: _t("Complaints per month"),
                            data: data.months || [],
                            backgroundColor: COLORS[0],
                        },
                    ],
                },
                options: { animation: false },
            })
        );
    }
}

registry.category("fields").add("complaint_disclosure_charts", {
    component: DisclosureCharts,
    supportedTypes: ["json"],
});
