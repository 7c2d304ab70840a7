namespace ZlmHooks.Storage;

/// <summary>What an edit decided to do with the row it was given.</summary>
public enum RowEdit
{
    Unchanged,
    Save,
    Delete,
}
