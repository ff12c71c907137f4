/* Hooks that put a whole-program test at an exact moment, loaded with
 * LD_PRELOAD (built by the tests that use it):
 *   OGSIM_SHIM_PAUSE_AFTER_RMDIR=DIR  after removing a folder whose name
 *       ends in ".work", create DIR/paused and wait until DIR/go exists;
 *   OGSIM_SHIM_RAISE_AT_FSYNC_OF=S:PREFIX  fsync of a file whose path
 *       starts with PREFIX raises signal S;
 *   OGSIM_SHIM_EXEC_LOG=FILE  each execv appends the path it runs to FILE. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int ends_with(const char *s, const char *tail)
{
  size_t n = strlen(s), k = strlen(tail);
  return n >= k && strcmp(s + n - k, tail) == 0;
}

/* Up to 300 s, so that a test gone wrong still ends. */
static void pause_in(const char *dir)
{
  char paused[4096], go[4096];
  snprintf(paused, sizeof paused, "%s/paused", dir);
  snprintf(go, sizeof go, "%s/go", dir);
  FILE *f = fopen(paused, "w");
  if (f)
    fclose(f);
  struct timespec tick = {0, 10 * 1000 * 1000};
  for (int i = 0; i < 30000 && access(go, F_OK) != 0; i++)
    nanosleep(&tick, NULL);
}

int rmdir(const char *path)
{
  static int (*real)(const char *);
  const char *dir = getenv("OGSIM_SHIM_PAUSE_AFTER_RMDIR");
  if (!real)
    real = (int (*)(const char *))dlsym(RTLD_NEXT, "rmdir");
  int rc = real(path);
  if (rc == 0 && dir && ends_with(path, ".work"))
    pause_in(dir);
  return rc;
}

int fsync(int fd)
{
  static int (*real)(int);
  const char *v = getenv("OGSIM_SHIM_RAISE_AT_FSYNC_OF"), *prefix = v ? strchr(v, ':') : NULL;
  char link[64], path[4096];
  if (prefix) {
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    path[n > 0 ? n : 0] = 0;
    if (n > 0 && strncmp(path, prefix + 1, strlen(prefix + 1)) == 0)
      raise(atoi(v));
  }
  if (!real)
    real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  return real(fd);
}

int execv(const char *path, char *const argv[])
{
  static int (*real)(const char *, char *const[]);
  const char *log = getenv("OGSIM_SHIM_EXEC_LOG");
  FILE *f = log ? fopen(log, "a") : NULL;
  if (f) {
    fprintf(f, "%s\n", path);
    fclose(f);
  }
  if (!real)
    real = (int (*)(const char *, char *const[]))dlsym(RTLD_NEXT, "execv");
  return real(path, argv);
}
