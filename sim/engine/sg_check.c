/* SimGrid aborts the process on a configuration it refuses (an unknown
 * --cfg key, a bad value, a bad --log) and on a platform file it cannot
 * parse, and its C API can neither list its configuration keys nor catch
 * the error. So the options, and the user's platform, are first tried in a
 * forked child; its failure and last words become an ordinary error. */
#include <errno.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine_internal.h"

/* In the child: what SimGrid does with the options, then the platform. */
static void child(int argc, char **argv, const char *platform, int out)
{
  dup2(out, STDERR_FILENO);
  dup2(out, STDOUT_FILENO);
  simgrid_init(&argc, argv);
  if (argc > 1) {
    fprintf(stderr, "not a SimGrid option: '%s'\n", argv[1]);
    fflush(stderr);
    _exit(3);
  }
  if (platform)
    simgrid_load_platform(platform);
  _exit(0);
}

/* SimGrid's first error line (past its "[time] file:line: [cat/LEVEL] "
 * prefix), else the last line it wrote. */
static void keep(const char *line, char *buf, size_t len, int *found)
{
  const char *lvl = strstr(line, "/CRITICAL] ");
  if (!lvl)
    lvl = strstr(line, "/ERROR] ");
  if (*found || !*line || line[0] == ' ' || strstr(line, "backtrace") || strstr(line, "Exiting now"))
    return;
  const char *msg = lvl ? strchr(lvl, ']') + 2 : line;
  if (!strncmp(msg, "Uncaught exception ", 19))
    msg += 19;
  snprintf(buf, len, "%s", msg);
  *found = lvl != NULL;
}

static void first_error(int fd, char *buf, size_t len)
{
  char chunk[4096], line[512];
  size_t n_line = 0;
  int found = 0;
  ssize_t n;
  buf[0] = '\0';
  while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
    for (ssize_t i = 0; i < n; i++) {
      if (chunk[i] != '\n') {
        if (n_line + 1 < sizeof line)
          line[n_line++] = chunk[i];
        continue;
      }
      line[n_line] = '\0';
      keep(line, buf, len, &found);
      n_line = 0;
    }
}

enum og_status og__simgrid_check(int argc, char **argv, int first, const char *platform,
                                 struct og_error *err)
{
  int fds[2];
  if (pipe(fds) != 0)
    return OG_OK; /* cannot check: SimGrid's own failure will tell */
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    child(argc, argv, platform, fds[1]);
  }
  close(fds[1]);
  char said[512];
  first_error(fds[0], said, sizeof said);
  close(fds[0]);
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid)
    return OG_OK;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return OG_OK;
  char opts[512] = "";
  for (int i = first; i < argc; i++)
    snprintf(opts + strlen(opts), sizeof opts - strlen(opts), " --sg %s", argv[i]);
  return og_error_set(err, OG_EINVAL, "SimGrid refused %s%s%s%s: %s",
                      *opts ? "the options" : "", opts, *opts && platform ? " or " : "",
                      platform ? "the platform file (network.platform)" : "",
                      *said ? said : "it stopped the process");
}
