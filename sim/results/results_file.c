/* Where a results file goes: the checks on its path, its temporary name,
 * and putting the finished file image in place atomically. */
#include "results_h5.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "tmpfiles.h"

static const char *kind_of(mode_t m)
{
  if (S_ISLNK(m))
    return "a symbolic link";
  if (S_ISDIR(m))
    return "a folder";
  if (S_ISFIFO(m))
    return "a FIFO";
  if (S_ISCHR(m) || S_ISBLK(m))
    return "a device";
  if (S_ISSOCK(m))
    return "a socket";
  return "not a regular file";
}

/* Refuse a path that names something other than a regular file (a symbolic
 * link, even to a regular file, is not replaced either). */
static enum og_status check_target(const char *path, struct og_error *err)
{
  struct stat sb;
  if (lstat(path, &sb) != 0)
    return errno == ENOENT ? OG_OK
                           : og_error_set(err, OG_EIO, "cannot create '%s': %s", path,
                                          strerror(errno));
  if (!S_ISREG(sb.st_mode))
    return og_error_set(err, OG_EINVAL, "'%s' exists and is %s, not a regular file: refusing "
                        "to replace it", path, kind_of(sb.st_mode));
  return OG_OK;
}

/* The folder part of path ("." when none), allocated. */
static char *folder_of(const char *path)
{
  const char *slash = strrchr(path, '/');
  size_t len = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path);
  char *dir = malloc(len + 1);
  if (dir) {
    memcpy(dir, !slash ? "." : path, len);
    dir[len] = '\0';
  }
  return dir;
}

static enum og_status check_folder(const char *path, const char *dir, struct og_error *err)
{
  struct stat sb;
  if (stat(dir, &sb) != 0)
    return og_error_set(err, OG_EIO, "cannot create '%s': folder '%s': %s", path, dir,
                        strerror(errno));
  if (!S_ISDIR(sb.st_mode))
    return og_error_set(err, OG_EIO, "cannot create '%s': '%s' is not a folder", path, dir);
  if (access(dir, W_OK | X_OK) != 0)
    return og_error_set(err, OG_EIO, "cannot create '%s': folder '%s': %s", path, dir,
                        strerror(errno));
  return OG_OK;
}

enum og_status og_results_check_path(const char *path, struct og_error *err)
{
  char *dir;
  enum og_status st;
  if (!path || !path[0])
    return og_error_set(err, OG_EINVAL, "results file: no path given");
  st = check_target(path, err);
  if (st)
    return st;
  dir = folder_of(path);
  if (!dir)
    return og_error_set(err, OG_ENOMEM, "cannot write '%s': out of memory", path);
  st = check_folder(path, dir, err);
  free(dir);
  return st;
}

/* "<path>.tmp.<pid>"; when that name would pass the folder's longest name,
 * its base is cut short and followed by '~' and a hash of the whole base. */
static char *tmp_name(const char *path)
{
  const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
  char suffix[32], *dir = folder_of(path), *tmp;
  long max = dir ? pathconf(dir, _PC_NAME_MAX) : -1, keep;
  size_t size = strlen(path) + sizeof suffix + 16;
  if (!dir)
    return NULL;
  free(dir);
  snprintf(suffix, sizeof suffix, ".tmp.%ld", (long)getpid());
  max = max > 0 ? max : 255;
  keep = max - (long)strlen(suffix) - 9;
  if (!(tmp = malloc(size)))
    return NULL;
  if (strlen(base) + strlen(suffix) <= (size_t)max)
    snprintf(tmp, size, "%s%s", path, suffix);
  else
    snprintf(tmp, size, "%.*s%.*s~%08x%s", (int)(base - path), path, (int)(keep > 1 ? keep : 1),
             base, (unsigned)(og_fnv1a64(OG_FNV64_INIT, base) >> 32), suffix);
  return tmp;
}

static enum og_status write_all(int fd, const unsigned char *p, size_t n)
{
  while (n > 0) {
    ssize_t k = write(fd, p, n);
    if (k < 0 && errno == EINTR)
      continue;
    if (k == 0)
      errno = EIO;
    if (k <= 0)
      return OG_EIO;
    p += k;
    n -= (size_t)k;
  }
  return OG_OK;
}

/* Write the image to tmp and flush it to disk. */
static enum og_status put_tmp(const char *path, const char *tmp, const void *image, size_t size,
                              struct og_error *err)
{
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0)
    return og_error_set(err, OG_EIO, "cannot create '%s': %s", tmp, strerror(errno));
  if (write_all(fd, image, size) != OG_OK || fsync(fd) != 0) {
    enum og_status st = og_error_set(err, OG_EIO, "cannot write '%s': %s", path,
                                     strerror(errno));
    close(fd);
    return st;
  }
  if (close(fd) != 0)
    return og_error_set(err, OG_EIO, "cannot write '%s': %s", path, strerror(errno));
  return OG_OK;
}

enum og_status og__results_put_file(const char *path, const void *image, size_t size,
                                    struct og_error *err)
{
  char *tmp = tmp_name(path);
  enum og_status st;
  int slot;
  if (!tmp)
    return og_error_set(err, OG_ENOMEM, "cannot write '%s': out of memory", path);
  slot = og_tmpfiles_add(tmp);
  st = put_tmp(path, tmp, image, size, err);
  if (!st)
    st = check_target(path, err);
  if (!st && rename(tmp, path) != 0)
    st = og_error_set(err, OG_EIO, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
  if (st)
    unlink(tmp);
  og_tmpfiles_remove(slot);
  free(tmp);
  return st;
}
