/// A second task library for the worker jar, with tasks an operator acts on from the admin shell:
/// one that runs until a file appears, one that fails until a file appears, one that echoes.
@NullMarked
package com.example.operations;

import org.jspecify.annotations.NullMarked;
