/* ogsim-mpi: the sweep command under mpirun, with the MPI engine. `ogsim
 * sweep` started by mpirun hands over to this binary (same arguments); it
 * runs each task with the ogsim binary beside it. */
#include <limits.h>
#include <stdio.h>

#include "cli.h"
#include "sweep_exec.h"

int main(int argc, char **argv)
{
  char exe[PATH_MAX];
  if (og_cli_beside("ogsim", exe, sizeof exe) != 0) {
    fprintf(stderr, "ogsim-mpi: cannot find the ogsim binary beside it\n");
    return OG_EXIT_INTERNAL;
  }
  return og_cli_sweep(argc, argv, &og_sweep_openmpi, exe, NULL);
}
