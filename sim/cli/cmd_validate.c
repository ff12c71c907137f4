/* ogsim validate: load and check a scenario, print what it describes. */
#include "cli.h"
#include "scenario.h"

int og_cmd_validate(int argc, char **argv)
{
  struct og_cli_loaded l;
  int rc = og_cli_load(OG_CLI_VALIDATE, argc, argv, &l);
  const struct og_scenario *sc = l.sc;
  if (rc == 0)
    printf("%s: ok: '%s', %zu nodes in %zu classes, %zu regions, %zu models, %s network\n",
           l.a.pos.v[0], sc->name, og_scenario_node_count(sc), sc->n_classes, sc->n_regions,
           sc->n_models, og_net_mode_names[sc->net_mode]);
  if (rc == 0)
    printf("estimate: %s\n", l.estimate);
  og_cli_done(&l);
  return rc;
}
