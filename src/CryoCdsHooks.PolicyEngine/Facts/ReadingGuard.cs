namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// One evaluation's limits on reading values out of the record, so that no record can make the engine slow, big
/// or throw: free text longer than <see cref="MaxTextLength"/> is not evidence, a text yields at most
/// <see cref="MaxValuesPerText"/> values and an evaluation parses at most <see cref="MaxTextsPerEvaluation"/> texts;
/// numbers outside plausible ranges are invalid data. Each refusal becomes one note (never an exception), and every
/// admitted text is a cancellation point, so work stops when the client goes away or the deadline passes.
/// </summary>
internal sealed class ReadingGuard(CancellationToken cancellationToken)
{
    /// <summary>
    /// Longer than any real stage label ("Stage IIIA (cT2bN2M0)") or value string ("&gt;=60 mL/min/1.73m2").
    /// </summary>
    public const int MaxTextLength = 256;

    public const int MaxValuesPerText = 8;

    /// <summary>
    /// A real record carries a few dozen staging texts; beyond this the rest is not read (and noted).
    /// </summary>
    public const int MaxTextsPerEvaluation = 4096;

    /// <summary>Notes are about the record, not the answer: a handful says enough, the rest are counted.</summary>
    public const int MaxNotes = 10;

    private readonly List<string> _notes = [];
    private readonly HashSet<string> _noted = [];
    private int _textsRead;
    private int _notesLeftOut;

    /// <summary>Notes about data that was not used, in the order found, each once.</summary>
    public IReadOnlyList<string> Notes =>
        _notesLeftOut == 0
            ? _notes
            :
            [
                .. _notes,
                $"{_notesLeftOut} more values of the record were not used as evidence (invalid or too long).",
            ];

    /// <summary>
    /// The text when it may be parsed; null (with a note) when it is too long or the budget is spent.
    /// </summary>
    public string? Admit(string? text, string source)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (text.Length > MaxTextLength)
        {
            Note($"{source}: a text of {text.Length} characters (more than {MaxTextLength}) was not read as evidence.");
            return null;
        }
        if (++_textsRead > MaxTextsPerEvaluation)
        {
            Note($"More than {MaxTextsPerEvaluation} texts to parse; the rest were not read as evidence.");
            return null;
        }
        return text;
    }

    /// <summary>
    /// A value that cannot be evidence (negative, zero, overflowing or out of range): noted, never used.
    /// </summary>
    public void Invalid(string source, string what) =>
        Note($"{source}: {what} is not a valid value and was not used as evidence.");

    /// <summary>Different resources with one type and id that no rule tells apart: none is used.</summary>
    public void Conflict(string reference) =>
        Note(
            $"{reference}: different resources share this id and none is newer (meta.lastUpdated); none was used as "
                + "evidence."
        );

    /// <summary>
    /// Something the record said that changed how it was read (a resource set aside, the care setting): noted once.
    /// </summary>
    public void Remark(string note) => Note(note);

    public void ThrowIfCancellationRequested() => cancellationToken.ThrowIfCancellationRequested();

    private void Note(string note)
    {
        if (_noted.Count >= MaxNotes)
            _notesLeftOut += _noted.Contains(note) ? 0 : 1;
        else if (_noted.Add(note))
            _notes.Add(note);
    }
}
