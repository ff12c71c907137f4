/* A fault-injection shim for the whole-program tests, loaded with
 * LD_PRELOAD (built by the tests that use it):
 *   OGSIM_SHIM_ENOSPC_AFTER=N  writes to regular files (file descriptors
 *       3 and up) fail with ENOSPC once N bytes have been written in all,
 *       the write that crosses N being cut short, as on a full disk;
 *   OGSIM_SHIM_RAISE_AT_FSYNC=S  fsync raises signal S (the moment a
 *       results file is complete under its temporary name). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long long written;

/* How many of n bytes to fd may be written (-1: fail with ENOSPC). */
static ssize_t allowed(int fd, size_t n)
{
  const char *v = getenv("OGSIM_SHIM_ENOSPC_AFTER");
  struct stat sb;
  if (!v || fd < 3 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
    return (ssize_t)n;
  long long left = atoll(v) - written;
  if (left <= 0) {
    errno = ENOSPC;
    return -1;
  }
  return (ssize_t)((long long)n < left ? (long long)n : left);
}

static ssize_t count(ssize_t rc)
{
  if (rc > 0)
    written += rc;
  return rc;
}

ssize_t write(int fd, const void *buf, size_t n)
{
  static ssize_t (*real)(int, const void *, size_t);
  ssize_t k = allowed(fd, n);
  if (!real)
    real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
  return k < 0 ? -1 : count(real(fd, buf, (size_t)k));
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
  static ssize_t (*real)(int, const void *, size_t, off_t);
  ssize_t k = allowed(fd, n);
  if (!real)
    real = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
  return k < 0 ? -1 : count(real(fd, buf, (size_t)k, off));
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
  return pwrite(fd, buf, n, off);
}

int fsync(int fd)
{
  static int (*real)(int);
  const char *v = getenv("OGSIM_SHIM_RAISE_AT_FSYNC");
  if (v)
    raise(atoi(v));
  if (!real)
    real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  return real(fd);
}
