package io.medic.e2e;

import io.medic.sandbox.basketball.BasketballApi;
import io.medic.sandbox.basketball.BasketballManifests;
import io.medic.sandbox.basketball.ChainForm;

/**
 * One way the seed incident happens: which chain the image carries, whether the old image is deployed first,
 * where the migrations run, and whether a person must approve (the workload's {@code medic.io/auto-approve: none}).
 */
public record Scenario(String namespace, String issue, ChainForm form, boolean oldImage,
                       BasketballManifests.Variant variant, boolean manualApproval) {

    /** The seed incident itself: namespace and issue as in #183. */
    public static Scenario seed() {
        return new Scenario(BasketballApi.NAMESPACE, BasketballManifests.ISSUE, ChainForm.LINEAR, false,
                BasketballManifests.Variant.MIGRATE_ON_BOOT, false);
    }

    /** The seed incident in a namespace and issue of its own (several incidents in one pipeline). */
    public Scenario as(String name, int issueNumber) {
        return new Scenario(name, "forgejo_admin/" + name + "#" + issueNumber, form, oldImage, variant, manualApproval);
    }

    public Scenario withForm(ChainForm f) {
        return new Scenario(namespace, issue, f, oldImage, variant, manualApproval);
    }

    public Scenario fromOldImage() {
        return new Scenario(namespace, issue, form, true, variant, manualApproval);
    }

    public Scenario withVariant(BasketballManifests.Variant v) {
        return new Scenario(namespace, issue, form, oldImage, v, manualApproval);
    }

    public Scenario approvedByAPerson() {
        return new Scenario(namespace, issue, form, oldImage, variant, true);
    }

    /** The image first deployed: the old one, or the current one of the chain's form. */
    public String firstImage() {
        return oldImage ? BasketballApi.OLD_IMAGE : BasketballApi.currentImage(form);
    }

    public String currentImage() {
        return BasketballApi.currentImage(form);
    }
}
