## Starting a team: feasibility
