/* Where this program's binary is, and the binaries beside it (ogsim and
 * ogsim-mpi are built into one folder). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int og_cli_beside(const char *name, char *buf, size_t len)
{
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return -1;
  self[n] = 0;
  char *slash = strrchr(self, '/');
  if (!name)
    return snprintf(buf, len, "%s", self) < (int)len ? 0 : -1;
  return slash && snprintf(buf, len, "%.*s/%s", (int)(slash - self), self, name) < (int)len
             ? 0 : -1;
}
