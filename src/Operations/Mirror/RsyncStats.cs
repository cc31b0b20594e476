namespace MailHa.Operations.Mirror;

/// <summary>What <c>rsync --stats</c> reported. Fields the older (pre-3.1) format lacks are null.</summary>
public sealed record RsyncStats(
    long? FilesTotal,
    long? RegularFiles,
    long? FilesTransferred,
    long? FilesCreated,
    long? FilesDeleted,
    long? TotalSize,
    long? BytesSent,
    long? BytesReceived);
