/* `ogsim sweep` in the ogsim binary: tasks are children forked from this
 * process that run `ogsim run`'s code (--exec-tasks: new ogsim processes);
 * started by mpirun, it hands over to ogsim-mpi, which execs them. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sweep_exec.h"

/* Started by mpirun, hand over to ogsim-mpi (beside this binary), which
 * links OpenMPI. */
int og_cmd_sweep(int argc, char **argv)
{
  char exe[PATH_MAX], mpi[PATH_MAX];
  if (og_cli_beside(NULL, exe, sizeof exe) != 0 ||
      og_cli_beside("ogsim-mpi", mpi, sizeof mpi) != 0) {
    fprintf(stderr, "ogsim: sweep: cannot find the ogsim binary\n");
    return OG_EXIT_INTERNAL;
  }
  if (og_sweep_under_mpi()) {
    argv[0] = mpi;
    execv(mpi, argv);
    fprintf(stderr, "ogsim: sweep: under mpirun, cannot run %s: %s\n", mpi, strerror(errno));
    return OG_EXIT_INTERNAL;
  }
  return og_cli_sweep(argc, argv, NULL, exe, og_cli_run_task);
}
