"""Periods set in days, as China's Civil Code counts them (arts. 201, 203), on the rest days
of a legal calendar: the same public holidays and make-up working days (调休) that count
working time, read from the calendar's cached working intervals."""

from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import ormcache

# A last day moves over at most this many rest days (the longest holidays last 9 days).
LEGAL_HORIZON_DAYS = 60
# The last day of a period ends at 24:00: its last second, as Odoo stores seconds.
END_OF_DAY = time(23, 59, 59)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"  # pylint: disable=consider-merging-classes-inherited

    @ormcache("self.id", "year", "month")
    def _complaint_month_working_dates(self, year, month):
        """The local dates of a calendar month that hold working time (weekdays, make-up
        working days), public holidays removed. Cached with the working intervals."""
        tz = timezone(self.tz or "UTC")
        dates = set()
        for begin, stop in self._complaint_month(year, month):
            day = utc.localize(begin).astimezone(tz).date()
            last = utc.localize(stop - timedelta(seconds=1)).astimezone(tz).date()
            while day <= last:
                dates.add(day)
                day += timedelta(days=1)
        return frozenset(dates)

    def _complaint_is_working_date(self, day):
        """Whether the local date ``day`` is a working day of this calendar (not a rest
        day: a weekend day that is no make-up day, or a public holiday)."""
        self.ensure_one()
        return day in self._complaint_month_working_dates(day.year, day.month)

    def _complaint_legal_deadline(self, start, days, day_count="civil_code"):
        """When a period of ``days`` days from ``start`` (naive UTC) ends, as naive UTC.

        The day of ``start`` is not counted: counting starts the next day (Civil Code art.
        201). The last day ends at 24:00 (art. 203), here its last second, 23:59:59 local
        time. With the Civil Code count, a last day that is a rest day moves to the first
        working day after it; with the calendar count it never moves."""
        self.ensure_one()
        tz = timezone(self.tz or "UTC")
        start = fields.Datetime.to_datetime(start)
        last = utc.localize(start).astimezone(tz).date() + timedelta(days=days)
        if day_count == "civil_code":
            for _i in range(LEGAL_HORIZON_DAYS):
                if self._complaint_is_working_date(last):
                    break
                last += timedelta(days=1)
            else:
                raise UserError(
                    self.env._(
                        "The calendar %(calendar)s has no working day for two months after "
                        "%(day)s: the end of the time limit cannot be found.",
                        calendar=self.name,
                        day=last,
                    )
                )
        end = tz.localize(datetime.combine(last, END_OF_DAY))
        return end.astimezone(utc).replace(tzinfo=None)
