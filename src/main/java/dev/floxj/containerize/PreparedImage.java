package dev.floxj.containerize;

import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageReference;

/**
 * The prepared image and the reference the environment gives it ({@code [containerize] name}
 * and {@code tag}, else the environment's name and {@code latest}): the image itself carries no
 * name, the command line chooses where it goes and under which references.
 */
public record PreparedImage(ImageReference reference, Image image) {}
