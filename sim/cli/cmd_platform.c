/* ogsim platform: print the SimGrid platform generated for a scenario. */
#include <stdlib.h>

#include "cli.h"
#include "engine.h"
#include "scenario.h"

int og_cmd_platform(int argc, char **argv)
{
  struct og_cli_opts o;
  struct og_scenario *sc = NULL;
  struct og_error err = {{0}};
  int rc = og_cli_parse(argc, argv, 0, &o);
  if (rc == 0 && og_scenario_load(o.scenario, o.sets, o.n_sets, NULL, &sc, &err) != OG_OK) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    rc = OG_EXIT_USAGE;
  }
  if (rc == 0 && og_platform_write(sc, stdout) != OG_OK) {
    fprintf(stderr, "ogsim: cannot write the platform to standard output\n");
    rc = OG_EXIT_INTERNAL;
  }
  og_scenario_free(sc);
  free(o.sets);
  free(o.sg_args);
  return rc;
}
