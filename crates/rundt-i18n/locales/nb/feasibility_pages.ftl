## Starting a team: feasibility_pages
