#include "rotate.h"

int rotate_normalise(int rotation)
{
    return rotation == 90 || rotation == 180 || rotation == 270 ? rotation : 0;
}

void rotate_logical_size(int rotation, int pw, int ph, int *lw, int *lh)
{
    rotation = rotate_normalise(rotation);
    if (rotation == 90 || rotation == 270) {
        *lw = ph;
        *lh = pw;
    } else {
        *lw = pw;
        *lh = ph;
    }
}

/* The logical picture is turned clockwise onto the panel. With lw x lh the
 * logical size:
 *   90:  panel (px, py) = (lh - 1 - ly, lx)
 *   180: panel (px, py) = (lw - 1 - lx, lh - 1 - ly)
 *   270: panel (px, py) = (ly, lw - 1 - lx) */
void rotate_logical_to_panel(int rotation, int pw, int ph, int lx, int ly, int *px, int *py)
{
    switch (rotate_normalise(rotation)) {
    case 90:  *px = pw - 1 - ly; *py = lx; break;
    case 180: *px = pw - 1 - lx; *py = ph - 1 - ly; break;
    case 270: *px = ly; *py = ph - 1 - lx; break;
    default:  *px = lx; *py = ly; break;
    }
}

void rotate_panel_to_logical(int rotation, int pw, int ph, int px, int py, int *lx, int *ly)
{
    switch (rotate_normalise(rotation)) {
    case 90:  *lx = py; *ly = pw - 1 - px; break;
    case 180: *lx = pw - 1 - px; *ly = ph - 1 - py; break;
    case 270: *lx = ph - 1 - py; *ly = px; break;
    default:  *lx = px; *ly = py; break;
    }
}
