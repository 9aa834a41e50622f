using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CryoCdsHooks.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CrdMetricDataUse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ResourcesJson",
                table: "HookInvocations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TokenUse",
                table: "HookInvocations",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_HookInvocations_ReceivedAt",
                table: "HookInvocations",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HookInvocations_ReceivedAt",
                table: "HookInvocations");

            migrationBuilder.DropColumn(
                name: "ResourcesJson",
                table: "HookInvocations");

            migrationBuilder.DropColumn(
                name: "TokenUse",
                table: "HookInvocations");
        }
    }
}
