using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CryoCdsHooks.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClientScopedRecordsAndSharedState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HookInvocations_HookInstance",
                table: "HookInvocations");

            migrationBuilder.DropIndex(
                name: "IX_CardFeedback_ServiceId_CardUuid_Outcome_OutcomeTimestamp",
                table: "CardFeedback");

            migrationBuilder.AlterColumn<byte[]>(
                name: "ResponseJson",
                table: "HookInvocations",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "RequestJson",
                table: "HookInvocations",
                type: "BLOB",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClientId",
                table: "HookInvocations",
                type: "TEXT",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RequestHash",
                table: "HookInvocations",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClientId",
                table: "CoverageAssertions",
                type: "TEXT",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ClientId",
                table: "CardFeedback",
                type: "TEXT",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "IssuedCards",
                columns: table => new
                {
                    CardUuid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ServiceId = table.Column<string>(type: "TEXT", nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssuedCards", x => x.CardUuid);
                });

            migrationBuilder.CreateTable(
                name: "RateWindows",
                columns: table => new
                {
                    Partition = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    WindowStart = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RateWindows", x => new { x.Partition, x.WindowStart });
                });

            migrationBuilder.CreateTable(
                name: "UsedTokens",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsedTokens", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HookInvocations_ClientId_HookInstance",
                table: "HookInvocations",
                columns: new[] { "ClientId", "HookInstance" },
                unique: true,
                filter: "\"StatusCode\" = 200");

            migrationBuilder.CreateIndex(
                name: "IX_HookInvocations_ReceivedAt",
                table: "HookInvocations",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CoverageAssertions_CreatedAt",
                table: "CoverageAssertions",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CardFeedback_ClientId_ServiceId_CardUuid_Outcome_OutcomeTimestamp",
                table: "CardFeedback",
                columns: new[] { "ClientId", "ServiceId", "CardUuid", "Outcome", "OutcomeTimestamp" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCards_IssuedAt",
                table: "IssuedCards",
                column: "IssuedAt");

            migrationBuilder.CreateIndex(
                name: "IX_UsedTokens_ExpiresAt",
                table: "UsedTokens",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IssuedCards");

            migrationBuilder.DropTable(
                name: "RateWindows");

            migrationBuilder.DropTable(
                name: "UsedTokens");

            migrationBuilder.DropIndex(
                name: "IX_HookInvocations_ClientId_HookInstance",
                table: "HookInvocations");

            migrationBuilder.DropIndex(
                name: "IX_HookInvocations_ReceivedAt",
                table: "HookInvocations");

            migrationBuilder.DropIndex(
                name: "IX_CoverageAssertions_CreatedAt",
                table: "CoverageAssertions");

            migrationBuilder.DropIndex(
                name: "IX_CardFeedback_ClientId_ServiceId_CardUuid_Outcome_OutcomeTimestamp",
                table: "CardFeedback");

            migrationBuilder.DropColumn(
                name: "ClientId",
                table: "HookInvocations");

            migrationBuilder.DropColumn(
                name: "RequestHash",
                table: "HookInvocations");

            migrationBuilder.DropColumn(
                name: "ClientId",
                table: "CoverageAssertions");

            migrationBuilder.DropColumn(
                name: "ClientId",
                table: "CardFeedback");

            migrationBuilder.AlterColumn<string>(
                name: "ResponseJson",
                table: "HookInvocations",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<string>(
                name: "RequestJson",
                table: "HookInvocations",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "BLOB",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_HookInvocations_HookInstance",
                table: "HookInvocations",
                column: "HookInstance",
                unique: true,
                filter: "\"StatusCode\" = 200");

            migrationBuilder.CreateIndex(
                name: "IX_CardFeedback_ServiceId_CardUuid_Outcome_OutcomeTimestamp",
                table: "CardFeedback",
                columns: new[] { "ServiceId", "CardUuid", "Outcome", "OutcomeTimestamp" },
                unique: true);
        }
    }
}
