"""Events: district meetings and project workshops announced by council members and the
coordination office, with registration, a waiting list, cancellation, a report afterwards and
an iCalendar feed."""
