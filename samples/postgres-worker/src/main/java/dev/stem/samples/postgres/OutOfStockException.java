package dev.stem.samples.postgres;

/// Thrown when an order asks for more than is in stock; it rolls the order back.
public class OutOfStockException extends RuntimeException {

    /// `quantity` of `item` was asked for, but only `inStock` are available.
    public OutOfStockException(String item, int quantity, int inStock) {
        super(quantity + " x " + item + " asked for, " + inStock + " in stock");
    }
}
