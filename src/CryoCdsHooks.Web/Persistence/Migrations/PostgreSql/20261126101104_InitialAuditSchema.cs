using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CryoCdsHooks.Web.Persistence.Migrations.PostgreSql
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ServiceId = table.Column<string>(type: "text", nullable: false),
                    CardUuid = table.Column<string>(type: "text", nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    OutcomeTimestamp = table.Column<string>(type: "text", nullable: false),
                    AcceptedSuggestionsJson = table.Column<string>(type: "text", nullable: true),
                    OverrideReasonJson = table.Column<string>(type: "text", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CardFeedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CoverageAssertions",
                columns: table => new
                {
                    AssertionId = table.Column<string>(type: "text", nullable: false),
                    HookInstance = table.Column<string>(type: "text", nullable: false),
                    ServiceId = table.Column<string>(type: "text", nullable: false),
                    OrderReference = table.Column<string>(type: "text", nullable: false),
                    Covered = table.Column<string>(type: "text", nullable: false),
                    PaNeeded = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    CoverageInformationJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoverageAssertions", x => x.AssertionId);
                });

            migrationBuilder.CreateTable(
                name: "HookInvocations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ServiceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    HookInstance = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: false),
                    RequestJson = table.Column<string>(type: "text", nullable: true),
                    ResponseJson = table.Column<string>(type: "text", nullable: false),
                    DurationMs = table.Column<double>(type: "double precision", nullable: false)
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
