/* rotate.h - the mapping between the physical panel and the logical screen
 * the app lays out, for panels mounted rotated (kiosk.ini rotation).
 *
 * The picture is drawn into a logical-size target and copied to the panel
 * rotated clockwise by `rotation` degrees; touch coordinates come from the
 * panel and go the other way. Both directions live here (no SDL) so a test
 * can check that a tap at a panel pixel lands on the control drawn there.
 *
 * rotation is 0, 90, 180 or 270; any other value is treated as 0. */
#ifndef AGM_ROTATE_H
#define AGM_ROTATE_H

/* The logical (layout) size for a panel of pw x ph pixels: swapped for 90
 * and 270. */
void rotate_logical_size(int rotation, int pw, int ph, int *lw, int *lh);

/* A panel pixel (px, py) on a pw x ph panel to the logical pixel under it. */
void rotate_panel_to_logical(int rotation, int pw, int ph, int px, int py, int *lx, int *ly);

/* The inverse: the panel pixel showing logical pixel (lx, ly). */
void rotate_logical_to_panel(int rotation, int pw, int ph, int lx, int ly, int *px, int *py);

/* Normalise a setting to 0, 90, 180 or 270 (anything else is 0). */
int rotate_normalise(int rotation);

#endif
