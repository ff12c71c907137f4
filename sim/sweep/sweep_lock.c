/* One writer per sweep output: an exclusive flock on the work folder
 * OUT.work, held while the journal and the task files are written, so a
 * second sweep on the same output is refused instead of mixing results. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sweep_exec.h"

/* The pid the holder wrote in OUT.work/owner, or 0. */
static long owner_pid(const char *dir)
{
  char path[PATH_MAX + 16];
  long pid = 0;
  snprintf(path, sizeof path, "%s/owner", dir);
  FILE *f = fopen(path, "r");
  if (f && fscanf(f, "%ld", &pid) != 1)
    pid = 0;
  if (f)
    fclose(f);
  return pid;
}

static enum og_status busy(const char *out, const char *dir, struct og_error *err)
{
  long pid = owner_pid(dir);
  char who[48] = "";
  if (pid > 0)
    snprintf(who, sizeof who, " (pid %ld)", pid);
  return og_error_set(err, OG_EINVAL, "%s: another sweep%s is writing this output (its work "
                      "folder %s and journal are locked): wait for it to end, or give this "
                      "one another -o", out, who, dir);
}

/* The folder at `dir` is still the one fd locks (a finishing holder may
 * have removed it between our open and our lock). */
static int same_folder(int fd, const char *dir)
{
  struct stat a, b;
  return fstat(fd, &a) == 0 && stat(dir, &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

static void write_owner(const char *dir)
{
  char path[PATH_MAX + 16];
  snprintf(path, sizeof path, "%s/owner", dir);
  FILE *f = fopen(path, "w");
  if (f) {
    fprintf(f, "%ld\n", (long)getpid());
    fclose(f);
  }
}

enum og_status og__sweep_lock(const char *out, int *fd, struct og_error *err)
{
  char dir[PATH_MAX];
  *fd = -1;
  if (snprintf(dir, sizeof dir, "%s.work", out) >= (int)sizeof dir)
    return og_error_set(err, OG_EINVAL, "-o: a results path of %zu characters is too long for "
                        "its work folder OUT.work; give a shorter -o", strlen(out));
  for (int tries = 0; tries < 100; tries++) {
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
      return og_error_set(err, OG_EIO, "%s: cannot create: %s", dir, strerror(errno));
    int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0)
      continue; /* removed since the mkdir: make it again */
    if (flock(d, LOCK_EX | LOCK_NB) != 0) {
      int e = errno;
      close(d);
      if (e == EWOULDBLOCK)
        return busy(out, dir, err);
      return og_error_set(err, OG_EIO, "%s: cannot lock: %s", dir, strerror(e));
    }
    if (same_folder(d, dir)) {
      write_owner(dir);
      *fd = d;
      return OG_OK;
    }
    close(d);
  }
  return og_error_set(err, OG_EIO, "%s: cannot lock: the folder keeps being removed", dir);
}

void og__sweep_unlock(int fd)
{
  if (fd >= 0)
    close(fd);
}
