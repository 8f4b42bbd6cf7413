/* xgrab - time to the final picture on a real X screen, and the memory of
 * the process that draws it (make bench, under Xvfb).
 *
 *   xgrab SECONDS COMMAND ARGS...
 *
 * Starts COMMAND, grabs the root window every 20 ms for SECONDS, then
 * reads the process's PSS (/proc/PID/smaps_rollup) and stops it with
 * SIGTERM. The final picture is the last grab; the time printed is when
 * the first grab of the run of grabs equal to it began, from the start of
 * COMMAND. Prints "final_ms N", "pss_kib N", "grabs N". */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static uint64_t hash_image(XImage *im)
{
    uint64_t h = 1469598103934665603ull;
    for (int y = 0; y < im->height; y++) {
        const unsigned char *row = (const unsigned char *)im->data + (size_t)y * (size_t)im->bytes_per_line;
        size_t n = (size_t)im->width * (size_t)(im->bits_per_pixel / 8);
        for (size_t i = 0; i < n; i += 8) {
            uint64_t v = 0;
            memcpy(&v, row + i, n - i < 8 ? n - i : 8);
            h = (h ^ v) * 1099511628211ull;
        }
    }
    return h;
}

static long pss_kib(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
    FILE *f = fopen(path, "r");
    long v = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "Pss: %ld kB", &v) == 1)
            break;
    if (f)
        fclose(f);
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: xgrab SECONDS COMMAND ARGS...\n");
        return 2;
    }
    double secs = atof(argv[1]);
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "xgrab: cannot open the X display\n");
        return 1;
    }
    Window root = DefaultRootWindow(d);
    XWindowAttributes wa;
    XGetWindowAttributes(d, root, &wa);
    enum { MAX_GRABS = 4096 };
    static double t[MAX_GRABS];
    static uint64_t h[MAX_GRABS];
    int n = 0;
    double t0 = ms_now();
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    while (n < MAX_GRABS && ms_now() - t0 < secs * 1000) {
        double ts = ms_now();
        XImage *im = XGetImage(d, root, 0, 0, (unsigned)wa.width, (unsigned)wa.height, AllPlanes, ZPixmap);
        if (im) {
            t[n] = ts - t0;
            h[n] = hash_image(im);
            n++;
            XDestroyImage(im);
        }
        double next = ts + 20;
        while (ms_now() < next)
            usleep(1000);
    }
    long pss = pss_kib(pid);
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    XCloseDisplay(d);
    if (n == 0)
        return 1;
    int k = n - 1;
    while (k > 0 && h[k - 1] == h[n - 1])
        k--;
    printf("final_ms %.1f\npss_kib %ld\ngrabs %d\n", t[k], pss, n);
    return 0;
}
