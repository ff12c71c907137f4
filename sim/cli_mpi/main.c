/* ogsim-mpi: the sweep command under mpirun, with the MPI engine. `ogsim
 * sweep` started by mpirun hands over to this binary (same arguments); it
 * runs each task with the ogsim binary beside it. */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sweep_exec.h"

int main(int argc, char **argv)
{
  char self[PATH_MAX], exe[PATH_MAX + 8];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) {
    fprintf(stderr, "ogsim-mpi: cannot find its own path\n");
    return OG_EXIT_INTERNAL;
  }
  self[n] = 0;
  snprintf(exe, sizeof exe, "%s/ogsim", dirname(self));
  return og_cli_sweep(argc, argv, &og_sweep_openmpi, exe);
}
