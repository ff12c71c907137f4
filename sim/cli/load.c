/* The scenario commands' start (run, validate, platform): the command line
 * parsed, the scenario loaded with its overrides and seed, the run estimated. */
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "estimate.h"
#include "scenario.h"

/* The run's estimate into l->estimate; OG_EINVAL when it exceeds this
 * machine's memory and --force was not given. */
static enum og_status estimate(struct og_cli_loaded *l, struct og_error *err)
{
  struct og_estimate_in in;
  struct og_estimate e;
  if (og_estimate_input(l->sc, &in) != OG_OK)
    return og_error_set(err, OG_ENOMEM, "out of memory");
  og_estimate_compute(&in, &e);
  og_estimate_format(&e, l->estimate, sizeof l->estimate);
  enum og_status st = og_estimate_check(&e, og_machine_memory(), err);
  return l->a.force ? OG_OK : st;
}

int og_cli_load(enum og_cli_cmd_id id, int argc, char **argv, struct og_cli_loaded *l)
{
  struct og_error err = {{0}};
  const struct og_cli_args *a = &l->a;
  l->sc = NULL;
  int rc = og_cli_parse(id, argc, argv, &l->a);
  if (rc != 0)
    return rc;
  enum og_status st = og_scenario_load(a->pos.v[0], a->sets.v, a->sets.n,
                                       a->seed.set ? &a->seed.v : NULL, &l->sc, &err);
  if (st == OG_OK)
    st = estimate(l, &err);
  if (st == OG_OK)
    return 0;
  fprintf(stderr, "ogsim: %s\n", err.msg);
  return st == OG_ENOMEM ? OG_EXIT_INTERNAL : OG_EXIT_USAGE;
}

void og_cli_done(struct og_cli_loaded *l)
{
  og_scenario_free(l->sc);
  og_cli_args_free(&l->a);
}
