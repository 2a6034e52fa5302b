## Starting a team: feasibility_report
