/// Auto-configuration of the canvas: the chord store of the broker in use, [dev.stem.canvas.StemCanvas]
/// and the worker's [dev.stem.canvas.CanvasInterceptor].
@NullMarked
package dev.stem.boot.autoconfigure.canvas;

import org.jspecify.annotations.NullMarked;
