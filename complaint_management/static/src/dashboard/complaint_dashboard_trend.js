/**
 * The dashboard's 12-month trend (received, closed, on-time rate), drawn with the Chart.js
 * bundle Odoo ships, and the regulator's figures for users of regulated companies.
 */

import { onMounted, onPatched, onWillStart, onWillUnmount, useRef } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { ComplaintDashboard } from "./complaint_dashboard";

patch(ComplaintDashboard.prototype, {
    setup() {
        super.setup(...arguments);
        this.trendCanvas = useRef("trend");
        this.trendChart = null;
        onWillStart(() => loadBundle("web.chartjs_lib"));
        onMounted(() => this.drawTrend());
        onPatched(() => this.drawTrend());
        onWillUnmount(() => this.trendChart && this.trendChart.destroy());
    },

    drawTrend() {
        const trend = this.state.data && this.state.data.trend;
        if (!trend || !this.trendCanvas.el) {
            return;
        }
        if (this.trendChart) {
            this.trendChart.destroy();
        }
        this.trendChart = new window.Chart(this.trendCanvas.el, {
            type: "bar",
            data: {
                labels: trend.labels,
                datasets: [
                    { label: _t("Received"), data: trend.received, backgroundColor: "#1f77b4", yAxisID: "y" },
                    { label: _t("Closed"), data: trend.closed, backgroundColor: "#2ca02c", yAxisID: "y" },
                    {
                        label: _t("On-time Rate (%)"),
                        data: trend.on_time_rate,
                        type: "line",
                        borderColor: "#ff7f0e",
                        yAxisID: "rate",
                    },
                ],
            },
            options: {
                animation: false,
                scales: {
                    y: { beginAtZero: true, position: "left" },
                    rate: { beginAtZero: true, max: 100, position: "right", grid: { drawOnChartArea: false } },
                },
            },
        });
    },
});
