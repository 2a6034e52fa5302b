## The MST family's crisis plan and the crisis contact log (issue 13).
