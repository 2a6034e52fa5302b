//! The OpenAPI schemas of the figures whose fields follow the catalogue:
//! one property per indicator, so the API document lists what the JSON
//! carries.

use utoipa::openapi::schema::{ObjectBuilder, Schema};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use super::{
    CATALOGUE, Denominator, Indicators, Share, TargetReport, TargetStatus, Targets, target_key,
};

// The schemas' names are utoipa's default: the type's own name.

type Schemas = Vec<(String, RefOr<Schema>)>;

fn reference<T: ToSchema>() -> RefOr<Schema> {
    Ref::from_schema_name(T::name()).into()
}

impl PartialSchema for Indicators {
    fn schema() -> RefOr<Schema> {
        let mut o = ObjectBuilder::new()
            .property("discharges", u32::schema())
            .required("discharges")
            .property("denominator", reference::<Denominator>())
            .required("denominator");
        for d in CATALOGUE {
            o = o.property(d.key, reference::<Share>()).required(d.key);
        }
        o.property("average_length_of_stay_days", Option::<f64>::schema())
            .property("suppressed", bool::schema())
            .required("suppressed")
            .into()
    }
}

impl ToSchema for Indicators {
    fn schemas(schemas: &mut Schemas) {
        schemas.push((Share::name().into(), Share::schema()));
        schemas.push((Denominator::name().into(), Denominator::schema()));
    }
}

impl PartialSchema for TargetReport {
    fn schema() -> RefOr<Schema> {
        let mut o = ObjectBuilder::new();
        for d in CATALOGUE {
            o = o
                .property(d.key, reference::<TargetStatus>())
                .required(d.key);
        }
        o.property("length_of_stay", reference::<TargetStatus>())
            .required("length_of_stay")
            .into()
    }
}

impl ToSchema for TargetReport {
    fn schemas(schemas: &mut Schemas) {
        schemas.push((TargetStatus::name().into(), TargetStatus::schema()));
    }
}

impl PartialSchema for Targets {
    fn schema() -> RefOr<Schema> {
        let mut o = ObjectBuilder::new();
        for d in CATALOGUE {
            let key = target_key(d);
            o = o.property(key.clone(), f64::schema()).required(key);
        }
        o.property("length_of_stay_min_days", f64::schema())
            .required("length_of_stay_min_days")
            .property("length_of_stay_max_days", f64::schema())
            .required("length_of_stay_max_days")
            .into()
    }
}

impl ToSchema for Targets {}
