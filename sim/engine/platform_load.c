/* Loading the platform into SimGrid: the user's file, or the generated XML
 * through a temporary file that has no name in the file system (O_TMPFILE,
 * or created and unlinked at once), read back by SimGrid through
 * /proc/self/fd/N, so that nothing is left behind when SimGrid aborts or
 * the run is killed. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "engine_internal.h"

static const char *tmp_dir(void)
{
  const char *dir = getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

/* An open temporary file in dir: unnamed when the file system allows, else
 * named *path (unlinked at once when `unlink_now`). */
static int temp_file(const char *dir, int unlink_now, char *path, size_t len)
{
  int fd = -1;
#ifdef O_TMPFILE
  if (unlink_now && (fd = open(dir, O_TMPFILE | O_RDWR, 0600)) >= 0) {
    path[0] = '\0';
    return fd;
  }
#endif
  snprintf(path, len, "%s/ogsim-platform-XXXXXX", dir);
  fd = mkstemp(path);
  if (fd >= 0 && unlink_now) {
    unlink(path);
    path[0] = '\0';
  }
  return fd;
}

static enum og_status write_to(int fd, const struct og_scenario *sc, enum og_platform_naming nm,
                                struct og_error *err)
{
  int copy = dup(fd);
  FILE *f = copy >= 0 ? fdopen(copy, "w") : NULL;
  if (!f) {
    if (copy >= 0)
      close(copy);
    return og_error_set(err, OG_EIO, "cannot write the temporary platform file in %s", tmp_dir());
  }
  enum og_status st = og_platform_write(sc, nm, f, err);
  if (fclose(f) != 0 && st == OG_OK)
    st = OG_EIO;
  if (st == OG_EIO)
    og_error_set(err, st, "cannot write the temporary platform file in %s", tmp_dir());
  return st;
}

enum og_status og__platform_load(const struct og_scenario *sc, int node_hosts,
                                 struct og_error *err)
{
  if (sc->platform_file) {
    simgrid_load_platform(sc->platform_file);
    return OG_OK;
  }
  char path[4096], proc[64];
  int by_proc = access("/proc/self/fd", X_OK) == 0;
  int fd = temp_file(tmp_dir(), by_proc, path, sizeof path);
  if (fd < 0)
    return og_error_set(err, OG_EIO, "cannot create a temporary platform file in %s", tmp_dir());
  enum og_status st = write_to(fd, sc, node_hosts ? OG_PLATFORM_IDS : OG_PLATFORM_ROUTES, err);
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  if (st == OG_OK)
    simgrid_load_platform(by_proc ? proc : path);
  if (!by_proc)
    unlink(path);
  close(fd);
  return st;
}
