## The on-call rota (issue 13): the rota page, gaps, swaps, "on call now", the calendar feed.
## Domain refusals of the rota stay in messages.ftl.
