package dev.stem.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/// A request whose body, of no declared length (chunked), is read up to `max` bytes: reading a
/// byte more fails with [BodyTooLargeException], so an unbounded body is never held in memory.
final class BoundedBodyRequest extends HttpServletRequestWrapper {

    private final long max;

    private @Nullable ServletInputStream bounded;

    BoundedBodyRequest(HttpServletRequest request, long max) {
        super(request);
        this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (this.bounded == null) {
            this.bounded = new BoundedInputStream(super.getInputStream(), this.max);
        }
        return this.bounded;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding();
        Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    /// A body read past the largest request the API takes.
    static final class BodyTooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        BodyTooLargeException(long max) {
            super("Invalid body (sent without a length): over " + max + " bytes; requests are at most " + max
                    + " bytes (stem.http.max-request-size)");
        }
    }

    private static final class BoundedInputStream extends ServletInputStream {

        private final ServletInputStream body;

        private final long max;

        private long read;

        BoundedInputStream(ServletInputStream body, long max) {
            this.body = body;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int next = this.body.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = this.body.read(buffer, offset, length);
            if (count > 0) {
                count(count);
            }
            return count;
        }

        private void count(int bytes) throws BodyTooLargeException {
            this.read += bytes;
            if (this.read > this.max) {
                throw new BodyTooLargeException(this.max);
            }
        }

        @Override
        public boolean isFinished() {
            return this.body.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.body.setReadListener(listener);
        }
    }
}
