namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Reads a FHIR server response body as it streams, never past a byte cap: each read observes the hook deadline
/// (a server that drips bytes is cut when it passes), and bytes are counted against the page cap and the call's
/// budget as they arrive (a declared Content-Length over the cap is refused before anything is read).
/// </summary>
internal static class BoundedResponseBody
{
    private const int FirstBufferBytes = 64 * 1024;

    /// <returns>The body: the first <c>Length</c> bytes of <c>Buffer</c>.</returns>
    /// <exception cref="ResponseTooLargeException">The body is larger than <paramref name="maxBytes"/> or the call's
    /// budget.</exception>
    public static async Task<(byte[] Buffer, int Length)> ReadAsync(
        HttpContent content,
        int maxBytes,
        FetchedBytes budget,
        CancellationToken token
    )
    {
        if (content.Headers.ContentLength > maxBytes)
            throw PageTooLarge(maxBytes);

        await using var stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
        var buffer = new byte[(int)Math.Min(content.Headers.ContentLength + 1 ?? FirstBufferBytes, maxBytes + 1L)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                // One byte past the cap proves the body too large without reading it.
                if (length > maxBytes)
                    throw PageTooLarge(maxBytes);
                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), token).ConfigureAwait(false);
            if (read == 0)
                return (buffer, length);
            if (!budget.TryTake(read))
            {
                throw new ResponseTooLargeException(
                    $"The hook call has read its limit of {budget.Limit} bytes from the FHIR server "
                        + "(FhirAccess:MaxFetchedBytesPerHook); the rest was not read and results are incomplete."
                );
            }

            length += read;
            if (length > maxBytes)
                throw PageTooLarge(maxBytes);
        }
    }

    private static ResponseTooLargeException PageTooLarge(int maxBytes) =>
        new(
            $"The FHIR server's response is larger than {maxBytes} bytes (FhirAccess:MaxPageBytes); it was not read "
                + "further and results are incomplete."
        );
}
