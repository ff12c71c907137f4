/* ogsim platform: print the SimGrid platform generated for a scenario, with
 * the host names a user's own platform uses. */
#include "cli.h"
#include "engine.h"
#include "scenario.h"

int og_cmd_platform(int argc, char **argv)
{
  struct og_cli_loaded l;
  struct og_error err = {{0}};
  int rc = og_cli_load(OG_CLI_PLATFORM, argc, argv, &l);
  enum og_status st = rc == 0 ? og_platform_write(l.sc, OG_PLATFORM_NAMES, stdout, &err) : OG_OK;
  if (st != OG_OK) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    rc = st == OG_EINVAL ? OG_EXIT_USAGE : OG_EXIT_INTERNAL;
  }
  og_cli_done(&l);
  return rc;
}
