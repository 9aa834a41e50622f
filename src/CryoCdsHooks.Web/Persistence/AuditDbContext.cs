using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// Durable record of every hook call, every coverage assertion and all card feedback (CRD found-37 requires
/// payers to retain hook invocations and responses). Never holds the FHIR access token.
/// One model for every database; <see cref="SqliteAuditDbContext"/> and <see cref="PostgreSqlAuditDbContext"/>
/// only add what their provider needs and own their migrations.
/// </summary>
public abstract class AuditDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>A client is its token's <c>iss</c> (a URL); longer issuers are refused at authentication.</summary>
    public const int ClientIdMaxLength = 512;

    public DbSet<HookInvocation> HookInvocations => Set<HookInvocation>();
    public DbSet<CoverageAssertion> CoverageAssertions => Set<CoverageAssertion>();
    public DbSet<CardFeedback> CardFeedback => Set<CardFeedback>();

    /// <summary>
    /// SMART launch state and sessions, encrypted, shared by every replica (see Smart/SmartSessionStore).
    /// </summary>
    public DbSet<SmartStateRow> SmartStates => Set<SmartStateRow>();

    /// <summary>The Data Protection key ring, shared by every replica.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<IssuedCard> IssuedCards => Set<IssuedCard>();
    public DbSet<UsedToken> UsedTokens => Set<UsedToken>();
    public DbSet<RateWindow> RateWindows => Set<RateWindow>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<HookInvocation>(e =>
        {
            // One answered call per client and hookInstance, across replicas; refused and invalid calls may repeat it.
            e.HasIndex(i => new { i.ClientId, i.HookInstance }).IsUnique().HasFilter("\"StatusCode\" = 200");
            e.Property(i => i.ClientId).HasMaxLength(ClientIdMaxLength);
            e.Property(i => i.ServiceId).HasMaxLength(100);
            e.Property(i => i.HookInstance).HasMaxLength(64);
            e.Property(i => i.TokenUse).HasMaxLength(16);
            e.HasIndex(i => i.ReceivedAt); // retention purge and CRD metric export by date range
            e.Property(i => i.RequestHash).HasMaxLength(64);
            e.Property(i => i.RequestJson).HasConversion<CompressedTextConverter>();
            e.Property(i => i.ResponseJson).HasConversion<CompressedTextConverter>();
        });
        model.Entity<CoverageAssertion>(e =>
        {
            e.HasKey(a => a.AssertionId);
            e.HasIndex(a => a.HookInstance);
            e.HasIndex(a => a.CreatedAt);
            // A later hook reads the earlier answers for its orders (Hooks/EarlierAnswers) on every call.
            e.HasIndex(a => new
            {
                a.ClientId,
                a.PatientId,
                a.OrderReference,
            });
            e.Property(a => a.ClientId).HasMaxLength(ClientIdMaxLength);
            e.Property(a => a.DecisionBasisJson).HasConversion<CompressedTextConverter>();
        });
        model.Entity<CardFeedback>(e =>
        {
            // Clients may resend the same feedback; one row per card outcome at one time keeps it idempotent.
            e.HasIndex(f => new
                {
                    f.ClientId,
                    f.ServiceId,
                    f.CardUuid,
                    f.Outcome,
                    f.OutcomeTimestamp,
                })
                .IsUnique();
            e.Property(f => f.ClientId).HasMaxLength(ClientIdMaxLength);
        });
        model.Entity<IssuedCard>(e =>
        {
            e.HasKey(c => c.CardUuid);
            e.Property(c => c.CardUuid).HasMaxLength(64);
            e.Property(c => c.ClientId).HasMaxLength(ClientIdMaxLength);
            e.HasIndex(c => c.IssuedAt);
        });
        model.Entity<UsedToken>(e =>
        {
            e.Property(t => t.Id).HasMaxLength(64);
            e.HasIndex(t => t.ExpiresAt);
        });
        model.Entity<RateWindow>(e =>
        {
            e.HasKey(w => new { w.Partition, w.WindowStart });
            e.Property(w => w.Partition).HasMaxLength(64);
        });
        model.Entity<SmartStateRow>(e =>
        {
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasMaxLength(64);
            e.HasIndex(s => s.ExpiresAt); // the purge of expired rows
        });
    }
}
