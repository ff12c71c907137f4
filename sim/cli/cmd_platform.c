/* ogsim platform: print the SimGrid platform generated for a scenario. */
#include "cli.h"
#include "engine.h"
#include "scenario.h"

int og_cmd_platform(int argc, char **argv)
{
  struct og_cli_opts o;
  struct og_scenario *sc = NULL;
  int rc = og_cli_load(argc, argv, 0, &o, &sc);
  if (rc == 0 && og_platform_write(sc, stdout) != OG_OK) {
    fprintf(stderr, "ogsim: cannot write the platform to standard output\n");
    rc = OG_EXIT_INTERNAL;
  }
  og_cli_done(&o, sc);
  return rc;
}
