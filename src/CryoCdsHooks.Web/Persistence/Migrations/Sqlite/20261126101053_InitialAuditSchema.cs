using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CryoCdsHooks.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialAuditSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CardFeedback",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ServiceId = table.Column<string>(type: "TEXT", nullable: false),
                    CardUuid = table.Column<string>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", nullable: false),
                    OutcomeTimestamp = table.Column<string>(type: "TEXT", nullable: false),
                    AcceptedSuggestionsJson = table.Column<string>(type: "TEXT", nullable: true),
                    OverrideReasonJson = table.Column<string>(type: "TEXT", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CardFeedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CoverageAssertions",
                columns: table => new
                {
                    AssertionId = table.Column<string>(type: "TEXT", nullable: false),
                    HookInstance = table.Column<string>(type: "TEXT", nullable: false),
                    ServiceId = table.Column<string>(type: "TEXT", nullable: false),
                    OrderReference = table.Column<string>(type: "TEXT", nullable: false),
                    Covered = table.Column<string>(type: "TEXT", nullable: false),
                    PaNeeded = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    CoverageInformationJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoverageAssertions", x => x.AssertionId);
                });

            migrationBuilder.CreateTable(
                name: "HookInvocations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ServiceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    HookInstance = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestJson = table.Column<string>(type: "TEXT", nullable: true),
                    ResponseJson = table.Column<string>(type: "TEXT", nullable: false),
                    DurationMs = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HookInvocations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CardFeedback_ServiceId_CardUuid_Outcome_OutcomeTimestamp",
                table: "CardFeedback",
                columns: new[] { "ServiceId", "CardUuid", "Outcome", "OutcomeTimestamp" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CoverageAssertions_HookInstance",
                table: "CoverageAssertions",
                column: "HookInstance");

            migrationBuilder.CreateIndex(
                name: "IX_HookInvocations_HookInstance",
                table: "HookInvocations",
                column: "HookInstance");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CardFeedback");

            migrationBuilder.DropTable(
                name: "CoverageAssertions");

            migrationBuilder.DropTable(
                name: "HookInvocations");
        }
    }
}
