namespace ZlmHooks.Storage;

public enum StorageResourceKind
{
    Table,
    BlobContainer,
    Queue,
}
